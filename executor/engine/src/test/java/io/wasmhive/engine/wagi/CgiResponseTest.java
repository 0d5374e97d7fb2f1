package io.wasmhive.engine.wagi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmhive.engine.GuestTrapException;
import io.wasmhive.engine.Header;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CgiResponseTest {

    private static CgiResponse parse(String stdout) {
        return CgiResponse.parse(stdout.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsHeadersAndBodyWithDefaultStatus() {
        var response = parse("Content-Type: text/plain\nX-A: 1\n\nhello\n\nworld");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsExactly(new Header("Content-Type", "text/plain"), new Header("X-A", "1"));
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("hello\n\nworld");
    }

    @Test
    void acceptsCrlfLineEnds() {
        var response = parse("Status: 201 Created\r\nContent-Type: text/plain\r\n\r\nmade");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.headers()).containsExactly(new Header("Content-Type", "text/plain"));
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("made");
    }

    @Test
    void locationWithoutStatusRedirects() {
        var response = parse("Location: /elsewhere\n\n");

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.headers()).containsExactly(new Header("Location", "/elsewhere"));
    }

    @Test
    void outputWithoutHeaderBlockIsAGuestError() {
        assertThatThrownBy(() -> parse("just a body"))
                .isInstanceOf(GuestTrapException.class)
                .hasMessageContaining("not a CGI response");
    }

    @Test
    void malformedStatusIsAGuestError() {
        assertThatThrownBy(() -> parse("Status: fine\n\n"))
                .isInstanceOf(GuestTrapException.class)
                .hasMessageContaining("invalid CGI Status header");
    }

    @Test
    void headerLineWithoutColonIsAGuestError() {
        assertThatThrownBy(() -> parse("Content-Type text/plain\n\nbody"))
                .isInstanceOf(GuestTrapException.class)
                .hasMessageContaining("malformed CGI header line");
    }
}
