package wis2.gc.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A WIS2 topic {@code {channel}/a/wis2/{centre-id}/{data|metadata}[/{core|recommended}][/rest]}
 * (topic hierarchy levels 1-6; the rest is kept verbatim). Data topics must carry a data policy;
 * metadata topics may omit it.
 *
 * @param channel    level 1
 * @param centreId   level 4
 * @param type       level 5
 * @param dataPolicy level 6 when present
 * @param rest       everything after the data policy (or after the type when there is none),
 *                   without the leading slash; empty when there is nothing more
 */
public record Topic(Channel channel, String centreId, NotificationType type, Optional<DataPolicy> dataPolicy,
        String rest) {

    /** Level 1: where the message comes from. */
    public enum Channel {
        ORIGIN, CACHE;

        String level() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Level 5. */
    public enum NotificationType {
        DATA, METADATA;

        String level() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Level 6: the WMO Unified Data Policy. */
    public enum DataPolicy {
        CORE, RECOMMENDED;

        String level() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Topic {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dataPolicy, "dataPolicy");
        Objects.requireNonNull(rest, "rest");
        String problem = problem(centreId, type, dataPolicy, rest);
        if (problem != null) {
            throw new InvalidTopicException(centreId + "/" + type + "/" + rest, problem);
        }
    }

    /**
     * Parses a topic as received from a broker.
     *
     * @throws InvalidTopicException naming the topic when it is not a WIS2 data or metadata topic
     */
    public static Topic parse(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw new InvalidTopicException(String.valueOf(topic), "empty topic");
        }
        String[] levels = topic.split("/", -1);
        if (levels.length < 5) {
            throw new InvalidTopicException(topic, "fewer than 5 levels");
        }
        Channel channel = switch (levels[0]) {
            case "origin" -> Channel.ORIGIN;
            case "cache" -> Channel.CACHE;
            default -> throw new InvalidTopicException(topic, "channel must be origin or cache");
        };
        if (!levels[1].equals("a") || !levels[2].equals("wis2")) {
            throw new InvalidTopicException(topic, "levels 2-3 must be a/wis2");
        }
        NotificationType type = switch (levels[4]) {
            case "data" -> NotificationType.DATA;
            case "metadata" -> NotificationType.METADATA;
            default -> throw new InvalidTopicException(topic, "notification type must be data or metadata");
        };
        Optional<DataPolicy> policy = Optional.empty();
        int restStart = 5;
        if (levels.length > 5) {
            policy = switch (levels[5]) {
                case "core" -> Optional.of(DataPolicy.CORE);
                case "recommended" -> Optional.of(DataPolicy.RECOMMENDED);
                default -> Optional.empty();
            };
            if (policy.isPresent()) {
                restStart = 6;
            }
        }
        String rest = String.join("/", Arrays.copyOfRange(levels, restStart, levels.length));
        String problem = problem(levels[3], type, policy, rest);
        if (problem != null) {
            throw new InvalidTopicException(topic, problem);
        }
        return new Topic(channel, levels[3], type, policy, rest);
    }

    /** The same topic on the {@code cache} channel. */
    public Topic toCache() {
        return new Topic(Channel.CACHE, centreId, type, dataPolicy, rest);
    }

    /** True for {@code .../data/recommended/...}, which the cache ignores. */
    public boolean isRecommended() {
        return dataPolicy.equals(Optional.of(DataPolicy.RECOMMENDED));
    }

    /** The topic string. */
    @Override
    public String toString() {
        var sb = new StringBuilder(channel.level()).append("/a/wis2/").append(centreId).append('/')
                .append(type.level());
        dataPolicy.ifPresent(p -> sb.append('/').append(p.level()));
        if (!rest.isEmpty()) {
            sb.append('/').append(rest);
        }
        return sb.toString();
    }

    /** What is wrong with these levels, or null when nothing is. */
    private static String problem(String centreId, NotificationType type, Optional<DataPolicy> policy, String rest) {
        if (centreId == null || !validLevel(centreId)) {
            return "centre-id must be a non-empty level without wildcards";
        }
        if (type == NotificationType.DATA && policy.isEmpty()) {
            return "a data topic needs a data policy (core or recommended)";
        }
        if (!rest.isEmpty()) {
            for (String level : rest.split("/", -1)) {
                if (!validLevel(level)) {
                    return "empty level or wildcard in '" + rest + "'";
                }
            }
        }
        return null;
    }

    private static boolean validLevel(String level) {
        return !level.isEmpty() && level.indexOf('+') < 0 && level.indexOf('#') < 0 && level.indexOf('/') < 0;
    }
}
