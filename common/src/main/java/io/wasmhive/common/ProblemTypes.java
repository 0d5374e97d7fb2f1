package io.wasmhive.common;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Wasmhive's problem documents: {@code https://wasmhive.dev/problems/<slug>} with a title and a detail. */
public final class ProblemTypes {

    public static final String BASE = "https://wasmhive.dev/problems/";

    private ProblemTypes() {}

    public static URI type(String slug) {
        return URI.create(BASE + slug);
    }

    public static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
        var body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(type(slug));
        body.setTitle(title);
        return body;
    }
}
