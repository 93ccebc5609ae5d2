package wis2.gc.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * What keeps a live cache's state through a mistaken {@code cdk destroy} or a replacing change:
 * termination protection (on unless an environment turns it off), the bucket retained, Redis
 * leaving a final snapshot, and logical ids that do not move (a new id is a new, empty resource).
 */
class ProtectionTest {

    /** The stateful resources and their logical ids; renaming a construct on their path replaces them. */
    static final Map<String, String> STATEFUL = Map.of(
            "ObjectStoreBucketCFE8051E", "AWS::S3::Bucket",
            "CacheStateReplicationGroup190FFC9B", "AWS::ElastiCache::ReplicationGroup",
            "CacheStateAuthToken37990193", "AWS::SecretsManager::Secret",
            "BrokerPublisherPasswordE69458A4", "AWS::SecretsManager::Secret");

    @Test
    void prod_hasTerminationProtection_devTurnsItOff() {
        assertThat(TestApps.prod().stack().getTerminationProtection()).isTrue();
        assertThat(TestApps.dev().stack().getTerminationProtection()).isFalse();
        assertThat(TestApps.config("example").terminationProtection()).isTrue();
    }

    @Test
    void bucket_isRetainedOnDeleteAndReplace_redisLeavesASnapshot() {
        for (var built : List.of(TestApps.dev(), TestApps.prod())) {
            Template t = built.template();
            t.hasResource("AWS::S3::Bucket", Match.objectLike(Map.of(
                    "DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain")));
            t.hasResource("AWS::ElastiCache::ReplicationGroup", Match.objectLike(Map.of(
                    "DeletionPolicy", "Snapshot", "UpdateReplacePolicy", "Snapshot")));
        }
    }

    @Test
    void statefulResources_keepTheirLogicalIds() {
        var resources = TestApps.dev().template().toJSON().get("Resources");
        assertThat(resources).isInstanceOf(Map.class);
        var ids = ((Map<?, ?>) resources).keySet().stream().map(Object::toString).toList();
        STATEFUL.forEach((id, type) -> assertThat(ids).as(type).contains(id));
        assertThat(ids).filteredOn(id -> id.startsWith("CacheStateReplicationGroup"))
                .containsExactly("CacheStateReplicationGroup190FFC9B");
    }
}
