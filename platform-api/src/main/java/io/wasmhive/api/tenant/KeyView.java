package io.wasmhive.api.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/** An API key; {@code token} is present only in the answer that created it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyView(UUID id, String name, String token, Instant createdAt) {}
