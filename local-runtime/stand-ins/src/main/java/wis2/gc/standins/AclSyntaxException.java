package wis2.gc.standins;

/** An ACL file is not valid EMQX file-authorization syntax, or uses a form the stand-in does not support. */
public final class AclSyntaxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    AclSyntaxException(String message) {
        super(message);
    }
}
