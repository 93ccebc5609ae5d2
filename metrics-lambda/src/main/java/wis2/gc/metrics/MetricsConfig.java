package wis2.gc.metrics;

import static wis2.gc.config.GcEnv.require;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import wis2.gc.config.ConfigException;
import wis2.gc.config.GcEnv;

/**
 * What the metrics endpoint needs to run, loaded once at start-up. {@link #builder()} is how the
 * one-machine runtime and tests make one; {@link #fromEnvironment(Map)} reads the variables of
 * the table in docs/operations.md ("Configuration variables") into it. A bad value is a
 * {@link ConfigException} naming the variable, never showing the URL's password.
 *
 * @param redisUrl        {@code redis://} or {@code rediss://} URL of the Redis holding the metric hashes
 * @param tokenSecretArn  Secrets Manager ARN of the Redis AUTH token, when Redis asks for one
 */
public record MetricsConfig(String redisUrl, Optional<String> tokenSecretArn) {

    static final String REDIS_URL = "GC_REDIS_URL";
    static final String REDIS_TOKEN_SECRET_ARN = "GC_REDIS_TOKEN_SECRET_ARN";

    public MetricsConfig {
        require(REDIS_URL, redisUrl != null && !redisUrl.isBlank(), "is required");
        require(REDIS_URL, redisUrl.startsWith("redis://") || redisUrl.startsWith("rediss://"),
                "must start with redis:// or rediss://" + GcEnv.found(redisUrl));
        // the URL itself may hold a password: the message shows it masked
        require(REDIS_URL, host(redisUrl) != null,
                "is not a valid Redis URL (host and port expected)" + GcEnv.found(redisUrl));
        tokenSecretArn = Objects.requireNonNull(tokenSecretArn, "tokenSecretArn").filter(arn -> !arn.isBlank());
        tokenSecretArn.ifPresent(arn -> require(REDIS_TOKEN_SECRET_ARN, arn.startsWith("arn:"),
                "must be a Secrets Manager ARN" + GcEnv.found(arn)));
    }

    /** A builder; the Redis URL is required, the token's secret optional. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads {@code GC_REDIS_URL} and the optional {@code GC_REDIS_TOKEN_SECRET_ARN}. No centre-id:
     * every series already carries its {@code report_by}, written by the manager.
     */
    public static MetricsConfig fromEnvironment(Map<String, String> variables) {
        GcEnv env = GcEnv.of(variables);
        return builder().redisUrl(env.required(REDIS_URL)).tokenSecretArn(env.optional(REDIS_TOKEN_SECRET_ARN)).build();
    }

    /** Builds a {@link MetricsConfig}. */
    public static final class Builder {
        private String redisUrl;
        private Optional<String> tokenSecretArn = Optional.empty();

        private Builder() {
        }

        /** {@code GC_REDIS_URL}, required. */
        public Builder redisUrl(String value) {
            redisUrl = value;
            return this;
        }

        /** {@code GC_REDIS_TOKEN_SECRET_ARN}, default none (Redis without AUTH). */
        public Builder tokenSecretArn(Optional<String> value) {
            tokenSecretArn = value;
            return this;
        }

        /** @throws ConfigException naming the variable of an invalid value */
        public MetricsConfig build() {
            return new MetricsConfig(redisUrl, tokenSecretArn);
        }
    }

    private static String host(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
