package wis2.gc.local;

import java.net.URI;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import wis2.gc.standins.StandIns;

/**
 * AWS SDK clients for the stand-ins: explicit endpoint, region and static credentials, so
 * nothing ever looks for credentials or a region anywhere else.
 */
final class LocalAws {
    static final Region REGION = StandIns.REGION;

    private LocalAws() {
    }

    static SqsClient sqs(URI endpoint) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(StandIns.awsCredentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    static S3Client s3(URI endpoint) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StandIns.awsCredentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
