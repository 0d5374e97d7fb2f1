package io.wasmhive.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

    private static byte[] read(int size, long declared, long max) throws IOException {
        return BoundedBody.read(new ByteArrayInputStream(new byte[size]), declared, max);
    }

    @Test
    void bodiesUpToTheLimitAreReadWhole() throws IOException {
        assertThat(read(0, -1, 16)).isEmpty();
        assertThat(read(0, 0, 16)).isEmpty();
        assertThat(read(16, -1, 16)).hasSize(16);
        assertThat(read(16, 16, 16)).hasSize(16);
        assertThat(read(200_000, -1, 1 << 20)).hasSize(200_000);
    }

    @Test
    void bodiesOverTheLimitAreRefusedDeclaredOrNot() {
        assertThatThrownBy(() -> read(17, -1, 16)).isInstanceOf(BoundedBody.TooLargeException.class);
        assertThatThrownBy(() -> read(0, 17, 16)).isInstanceOf(BoundedBody.TooLargeException.class);
        assertThatThrownBy(() -> read(1, -1, 0)).isInstanceOf(BoundedBody.TooLargeException.class);
        assertThatThrownBy(() -> read(200_000, -1, 100_000)).isInstanceOf(BoundedBody.TooLargeException.class);
    }
}
