package wis2.gc.manager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import wis2.gc.manager.download.Payload;

/**
 * {@link ObjectStore} on S3 (AWS SDK v2). The content length is always exact (no chunked
 * guessing); objects above the multipart threshold go up in parts read straight from the
 * payload's file, so a large object never sits in the heap. An upload that fails is aborted so
 * no partial object or orphaned parts remain.
 */
final class S3ObjectStore implements ObjectStore {
    /** S3's smallest part (except the last). */
    static final long MIN_PART_BYTES = 5L << 20;
    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    /** User metadata (x-amz-meta-gc-sha512) holding the base64 sha512 of the stored bytes. */
    static final String SHA512_METADATA = "gc-sha512";
    /** Longer than any Lambda invocation: a deadline this far away is no deadline. */
    private static final java.time.Duration NO_DEADLINE_BEYOND = java.time.Duration.ofDays(1);

    private final S3Client s3;
    private final String bucket;
    private final long multipartThreshold;
    private final long partBytes;

    S3ObjectStore(S3Client s3, String bucket, long multipartThreshold) {
        this.s3 = s3;
        this.bucket = bucket;
        this.multipartThreshold = multipartThreshold;
        this.partBytes = Math.max(MIN_PART_BYTES, Math.min(multipartThreshold, 64L << 20));
    }

    @Override
    public void put(String key, Payload payload, String contentType) {
        put(key, payload, contentType, null);
    }

    @Override
    public void put(String key, Payload payload, String contentType, String sha512) {
        put(key, payload, contentType, sha512, Deadline.NONE);
    }

    @Override
    public void put(String key, Payload payload, String contentType, String sha512, Deadline by) {
        String type = contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType;
        Map<String, String> metadata = sha512 == null ? Map.of() : Map.of(SHA512_METADATA, sha512);
        if (by.expired()) {
            throw new ObjectStoreException("no time left in the invocation to store s3://" + bucket + "/" + key, null);
        }
        try {
            if (payload.length() > multipartThreshold) {
                putMultipart(key, payload, type, metadata, by);
            } else {
                s3.putObject(b -> b.bucket(bucket).key(key).contentType(type).contentLength(payload.length())
                        .metadata(metadata)
                                .overrideConfiguration(until(by)),
                        RequestBody.fromContentProvider(() -> open(payload), payload.length(), type));
            }
        } catch (SdkException | UncheckedIOException e) {
            throw new ObjectStoreException("cannot store s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** Each S3 call of an upload ends by the invocation's deadline, never after it (null: the client's own timeouts).
     * */
    private static AwsRequestOverrideConfiguration until(Deadline by) {
        if (by.allows(NO_DEADLINE_BEYOND)) {
            return null; // no invocation deadline (tools, tests)
        }
        if (by.expired()) {
            throw new ObjectStoreException("the invocation's time ran out during the upload", null);
        }
        return AwsRequestOverrideConfiguration.builder().apiCallTimeout(by.remaining()).build();
    }

    @Override
    public Optional<Stored> stored(String key) {
        try {
            var head = s3.headObject(b -> b.bucket(bucket).key(key));
            String sha512 = head.metadata().get(SHA512_METADATA);
            return sha512 == null ? Optional.empty() : Optional.of(new Stored(head.contentLength(), sha512));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new ObjectStoreException("cannot look up s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new ObjectStoreException("cannot look up s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    private void putMultipart(String key, Payload payload, String type, Map<String, String> metadata,
            Deadline by) {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(type).metadata(metadata)
                .overrideConfiguration(until(by))).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long length = payload.length();
            for (int number = 1; (long) (number - 1) * partBytes < length; number++) {
                long offset = (number - 1) * partBytes;
                long size = Math.min(partBytes, length - offset);
                int partNumber = number;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
                        .contentLength(size)
                                .overrideConfiguration(until(by)),
                        RequestBody.fromContentProvider(() -> slice(payload, offset, size), size, type)).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())
                    .overrideConfiguration(until(by)));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    @Override
    public int deleteByPrefix(String prefix) {
        try {
            int deleted = 0;
            for (var page : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                    .build())) {
                List<ObjectIdentifier> ids = page.contents().stream().map(S3Object::key)
                        .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
                if (ids.isEmpty()) {
                    continue;
                }
                s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(ids).quiet(true).build()));
                deleted += ids.size();
            }
            return deleted;
        } catch (SdkException e) {
            throw new ObjectStoreException("cannot delete s3://" + bucket + "/" + prefix + "*: " + e.getMessage(), e);
        }
    }

    private static InputStream open(Payload payload) {
        try {
            return payload.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream slice(Payload payload, long offset, long size) {
        InputStream in = open(payload);
        try {
            in.skipNBytes(offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BoundedInputStream(in, size);
    }

    /** Exposes at most {@code remaining} bytes of a stream. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
