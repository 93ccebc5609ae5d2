package wis2.gc.standins.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda context of one local invocation: a request id, a deadline, a logger. The event
 * source mapping makes one per invocation; the manager's benchmark does too, through
 * {@link #countingDown}.
 */
public final class LocalLambdaContext implements Context {
    private static final Logger LOG = LoggerFactory.getLogger("wis2.gc.local.lambda");
    private static final LambdaLogger LAMBDA_LOGGER = new LambdaLogger() {
        @Override
        public void log(String message) {
            LOG.info(message);
        }

        @Override
        public void log(byte[] message) {
            LOG.info(new String(message, StandardCharsets.UTF_8));
        }
    };

    private final String functionName;
    private final String requestId = UUID.randomUUID().toString();
    private final Instant deadline;
    private final Clock clock;

    /** An invocation of {@code functionName} whose remaining time counts down from {@code timeout} from now. */
    public static LocalLambdaContext countingDown(String functionName, Duration timeout) {
        Clock clock = Clock.systemUTC();
        return new LocalLambdaContext(functionName, clock.instant().plus(timeout), clock);
    }

    LocalLambdaContext(String functionName, Instant deadline, Clock clock) {
        this.functionName = functionName;
        this.deadline = deadline;
        this.clock = clock;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        long left = deadline.toEpochMilli() - clock.millis();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return LAMBDA_LOGGER;
    }
}
