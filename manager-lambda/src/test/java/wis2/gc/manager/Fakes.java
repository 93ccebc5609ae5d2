package wis2.gc.manager;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import wis2.gc.manager.download.BodySink;
import wis2.gc.manager.download.DownloadFailedException;
import wis2.gc.manager.download.Downloader;
import wis2.gc.manager.download.ObjectTooLargeException;
import wis2.gc.manager.download.Payload;
import wis2.gc.model.MetricUpdate;
import wis2.gc.model.Pubtime;

/** In-memory stand-ins for the manager's ports, recording what happened and in which order. */
final class Fakes {
    /** Every port call in order ("download url", "put key", "publish topic", "commit id", "release id"). */
    final List<String> events = new CopyOnWriteArrayList<>();
    final MemoryClaims claims = new MemoryClaims();
    final ScriptedDownloader downloader = new ScriptedDownloader();
    final MemoryStore store = new MemoryStore();
    final RecordingPublisher publisher = new RecordingPublisher();
    final RecordingMetrics metrics = new RecordingMetrics();

    /** Claims kept in maps; the same rules as the Redis scripts. */
    final class MemoryClaims implements ClaimStore {
        final Map<String, Pubtime> seen = new HashMap<>();
        final Map<String, String> held = new HashMap<>();
        RuntimeException failure;

        /** The leases asked for, in order. */
        final List<java.time.Duration> leases = new CopyOnWriteArrayList<>();
        private int tokens;

        /** A claim as another worker would take it (a lease of a minute). */
        ClaimResult claim(String centreId, String dataId, Pubtime pubtime, boolean acceptsLater, String owner) {
            return claim(centreId, dataId, pubtime, acceptsLater, owner, java.time.Duration.ofMinutes(1));
        }

        @Override
        public synchronized ClaimResult claim(String centreId, String dataId, Pubtime pubtime, boolean acceptsLater,
                String owner,
                java.time.Duration lease) {
            if (failure != null) {
                throw failure;
            }
            leases.add(lease);
            String key = centreId + " " + dataId;
            Pubtime last = seen.get(key);
            if (last != null && (!pubtime.isAfter(last) || !acceptsLater)) {
                return new ClaimResult.Duplicate();
            }
            if (held.containsKey(key)) {
                return new ClaimResult.Busy(); // a live claim is nobody's to take over
            }
            String token = owner + "|" + (++tokens);
            held.put(key, token);
            events.add("claim " + dataId);
            return new ClaimResult.Claimed(new Claim(centreId, dataId, pubtime, token));
        }

        /** Thrown by commit only: a worker that dies after publishing, before its commit. */
        RuntimeException commitFailure;

        @Override
        public synchronized void commit(Claim claim) {
            if (failure != null) {
                throw failure;
            }
            if (commitFailure != null) {
                throw commitFailure;
            }
            seen.merge(claim.centreId() + " " + claim.dataId(), claim.pubtime(), (a, b) -> b.isAfter(a) ? b : a);
            held.remove(claim.centreId() + " " + claim.dataId(), claim.token());
            events.add("commit " + claim.dataId());
        }

        @Override
        public synchronized void release(Claim claim) {
            if (failure != null) {
                throw failure;
            }
            held.remove(claim.centreId() + " " + claim.dataId(), claim.token());
            events.add("release " + claim.dataId());
        }
    }

    /** Answers downloads from a script of bodies or failures per URL. */
    final class ScriptedDownloader implements Downloader {
        final Map<URI, Supplier<byte[]>> bodies = new ConcurrentHashMap<>();
        final List<URI> calls = new CopyOnWriteArrayList<>();

        ScriptedDownloader serve(String url, byte[] body) {
            bodies.put(URI.create(url), () -> body);
            return this;
        }

        ScriptedDownloader fail(String url, RuntimeException e) {
            bodies.put(URI.create(url), () -> {
                throw e;
            });
            return this;
        }

        /** The budgets the downloads were given, in order. */
        final List<Deadline> budgets = new CopyOnWriteArrayList<>();

        @Override
        public <S extends BodySink> Downloaded<S> download(URI uri, long maxBytes, Supplier<S> sinks, Deadline budget) {
            calls.add(uri);
            budgets.add(budget);
            events.add("download " + uri);
            Supplier<byte[]> body = bodies.get(uri);
            if (body == null) {
                throw new DownloadFailedException("http-404", "source answered 404 for " + uri);
            }
            byte[] bytes = body.get();
            if (bytes.length > maxBytes) {
                throw new ObjectTooLargeException("too large: " + uri);
            }
            S sink = sinks.get();
            sink.update(bytes, 0, bytes.length);
            return new Downloaded<>(new Payload.InMemory(bytes), sink);
        }
    }

    /** Objects kept in a map. */
    final class MemoryStore implements ObjectStore {
        record Stored(byte[] bytes, String contentType, String sha512) {
        }

        final Map<String, Stored> objects = new ConcurrentHashMap<>();
        RuntimeException failure;

        @Override
        public void put(String key, Payload payload, String contentType) {
            put(key, payload, contentType, null);
        }

        @Override
        public Optional<ObjectStore.Stored> stored(String key) {
            if (failure != null) {
                throw failure;
            }
            Stored s = objects.get(key);
            events.add("stored? " + key);
            return s == null || s.sha512() == null ? Optional.empty()
                    : Optional.of(new ObjectStore.Stored(s.bytes().length, s.sha512()));
        }

        @Override
        public void put(String key, Payload payload, String contentType, String sha512, Deadline by) {
            if (failure != null) {
                throw failure;
            }
            try (InputStream in = payload.open()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                objects.put(key, new Stored(out.toByteArray(), contentType, sha512));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            events.add("put " + key);
        }

        @Override
        public int deleteByPrefix(String prefix) {
            if (failure != null) {
                throw failure;
            }
            List<String> gone = objects.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
            gone.forEach(objects::remove);
            events.add("delete " + prefix);
            return gone.size();
        }
    }

    /** Keeps every published message. */
    final class RecordingPublisher implements Publisher {
        record Message(String topic, byte[] payload) {
        }

        final List<Message> messages = new CopyOnWriteArrayList<>();
        RuntimeException failure;

        @Override
        public void publish(String topic, byte[] payload) {
            if (failure != null) {
                throw failure;
            }
            messages.add(new Message(topic, payload));
            events.add("publish " + topic);
        }

        List<Message> on(String topicPrefix) {
            return messages.stream().filter(m -> m.topic().startsWith(topicPrefix)).toList();
        }
    }

    /** Keeps every metric update. */
    static final class RecordingMetrics implements MetricsSink {
        final List<MetricUpdate> updates = new CopyOnWriteArrayList<>();

        @Override
        public void apply(List<MetricUpdate> u) {
            updates.addAll(u);
        }

        List<String> names() {
            List<String> names = new ArrayList<>();
            updates.forEach(u -> names.add(u.metric().metricName()));
            return names;
        }
    }
}
