package wis2.gc.model;

/** A topic that is not a WIS2 topic this cache handles; the message names the topic. */
public final class InvalidTopicException extends RuntimeException {

    public InvalidTopicException(String topic, String why) {
        super("invalid topic '" + topic + "': " + why);
    }
}
