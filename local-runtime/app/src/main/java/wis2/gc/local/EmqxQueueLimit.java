package wis2.gc.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The session queue limit of the cache's broker ({@code mqtt.max_mqueue_len}), read from the
 * shipped emqx-config/emqx.conf beside the ACL the local broker already takes from there: the
 * one-machine broker then drops exactly what EMQX in AWS would drop for an absent subscriber.
 */
final class EmqxQueueLimit {
    private static final Pattern SETTING = Pattern.compile("(?m)^\\s*max_mqueue_len\\s*=\\s*(\\d{1,9})\\s*$");

    private EmqxQueueLimit() {
    }

    /** The one {@code max_mqueue_len} of {@code emqxConf}. */
    static int read(Path emqxConf) {
        String text;
        try {
            text = Files.readString(emqxConf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the broker configuration " + emqxConf, e);
        }
        var m = SETTING.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(emqxConf + ": mqtt.max_mqueue_len: not set. Found: no such line");
        }
        int limit = Integer.parseInt(m.group(1));
        if (m.find()) {
            throw new IllegalStateException(emqxConf + ": mqtt.max_mqueue_len: set twice. Found: " + limit + " and "
                    + m.group(1));
        }
        if (limit < 1) {
            throw new IllegalStateException(emqxConf + ": mqtt.max_mqueue_len: must be at least 1. Found: " + limit);
        }
        return limit;
    }
}
