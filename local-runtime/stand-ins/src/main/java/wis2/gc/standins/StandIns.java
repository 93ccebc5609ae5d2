package wis2.gc.standins;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * What every client of a stand-in needs: the loopback host, the region and the static
 * credentials. AWS SDK clients built with these (and an endpoint override) never look for
 * credentials or a region anywhere else, so nothing probes the cloud from this machine.
 */
public final class StandIns {

    /** The only interface the stand-ins listen on. */
    public static final String HOST = "127.0.0.1";

    /** The region every AWS SDK client pointed at a stand-in uses. */
    public static final Region REGION = Region.US_EAST_1;

    /** Access key accepted by {@link EmbeddedS3} (ElasticMQ accepts any). */
    public static final String ACCESS_KEY_ID = "standin";

    /** Secret key accepted by {@link EmbeddedS3} (ElasticMQ accepts any). */
    public static final String SECRET_ACCESS_KEY = "standin-secret";

    private StandIns() {
    }

    /** Static credentials matching {@link #ACCESS_KEY_ID} and {@link #SECRET_ACCESS_KEY}. */
    public static AwsCredentialsProvider awsCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }
}
