package wis2.gc.metrics;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the metrics endpoint needs to run, loaded once at start-up.
 *
 * @param redisUrl        {@code redis://} or {@code rediss://} URL of the Redis holding the metric hashes
 * @param tokenSecretArn  Secrets Manager ARN of the Redis AUTH token, when Redis asks for one
 */
public record MetricsConfig(String redisUrl, Optional<String> tokenSecretArn) {

    static final String REDIS_URL = "GC_REDIS_URL";
    static final String REDIS_TOKEN_SECRET_ARN = "GC_REDIS_TOKEN_SECRET_ARN";

    public MetricsConfig {
        require(REDIS_URL, redisUrl);
        if (!redisUrl.startsWith("redis://") && !redisUrl.startsWith("rediss://")) {
            throw new InvalidMetricsConfigException(REDIS_URL + " must start with redis:// or rediss://");
        }
        if (host(redisUrl) == null) {
            // the URL itself may hold a password: never echo it
            throw new InvalidMetricsConfigException(REDIS_URL + " is not a valid Redis URL (host and port expected)");
        }
        tokenSecretArn = Objects.requireNonNull(tokenSecretArn, "tokenSecretArn").filter(arn -> !arn.isBlank());
        tokenSecretArn.ifPresent(arn -> {
            if (!arn.startsWith("arn:")) {
                throw new InvalidMetricsConfigException(REDIS_TOKEN_SECRET_ARN + " must be a Secrets Manager ARN");
            }
        });
    }

    /**
     * Reads {@code GC_REDIS_URL} and the optional {@code GC_REDIS_TOKEN_SECRET_ARN}. No centre-id:
     * every series already carries its {@code report_by}, written by the manager.
     */
    public static MetricsConfig fromEnvironment(Map<String, String> env) {
        return new MetricsConfig(env.get(REDIS_URL),
                Optional.ofNullable(env.get(REDIS_TOKEN_SECRET_ARN)));
    }

    private static String host(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void require(String variable, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidMetricsConfigException(variable + " is required");
        }
    }
}
