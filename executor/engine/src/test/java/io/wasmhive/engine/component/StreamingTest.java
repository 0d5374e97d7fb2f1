package io.wasmhive.engine.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmhive.engine.ExecutionLimits;
import io.wasmhive.engine.GuestRequest;
import io.wasmhive.engine.Header;
import io.wasmhive.engine.RequestBody;
import io.wasmhive.engine.ResponseStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A component's response handed over as it is produced, and a client that goes away meanwhile. */
class StreamingTest {

    private static final GuestRequest REQUEST =
            new GuestRequest("GET", "/", "", List.of(), RequestBody.EMPTY, "", "localhost", 80, "127.0.0.1", "HTTP/1.1");

    @Test
    void headThenBodyGoToTheStreamAndNothingIsLeftToReturn() {
        var heads = new ArrayList<String>();
        var body = new ByteArrayOutputStream();
        var stream = new ResponseStream() {
            @Override
            public void head(int status, List<Header> headers) {
                heads.add(status + " " + headers);
            }

            @Override
            public void body(byte[] bytes) {
                assertThat(heads).as("the head comes first").hasSize(1);
                body.writeBytes(bytes);
            }
        };

        var response = LoadedComponents.ENGINE.invoke(LoadedComponents.TENANT, LoadedComponents.get("hello-wat"),
                REQUEST, Map.of(), ExecutionLimits.DEFAULTS, stream);

        assertThat(heads).containsExactly("200 [" + new Header("content-type", "text/plain") + "]");
        assertThat(body.toString()).isEqualTo("hello from a component\n");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void aClientGoneIsNotTheGuestsFailure() {
        var stream = new ResponseStream() {
            @Override
            public void head(int status, List<Header> headers) {}

            @Override
            public void body(byte[] bytes) {
                throw new ClientGoneException(new java.io.IOException("Broken pipe"));
            }
        };

        assertThatThrownBy(() -> LoadedComponents.ENGINE.invoke(LoadedComponents.TENANT,
                LoadedComponents.get("hello-wat"), REQUEST, Map.of(), ExecutionLimits.DEFAULTS, stream))
                .isInstanceOf(ResponseStream.ClientGoneException.class);
    }
}
