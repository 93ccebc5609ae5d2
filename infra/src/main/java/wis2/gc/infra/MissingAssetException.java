package wis2.gc.infra;

/** A jar or Dockerfile that the app deploys has not been built or is not where it is expected. */
public final class MissingAssetException extends RuntimeException {
    MissingAssetException(String message) {
        super(message);
    }
}
