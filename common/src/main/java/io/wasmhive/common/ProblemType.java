package io.wasmhive.common;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** A kind of problem an app answers with: status, stable slug and title. Each app lists its own. */
public interface ProblemType {

    HttpStatus status();

    /** The last segment of the type URI; part of the public contract. */
    String slug();

    String title();

    default URI type() {
        return ProblemTypes.type(slug());
    }

    /** The problem document for one occurrence, with a detail that says what to fix. */
    default ProblemDetail with(String detail) {
        return ProblemTypes.problem(status(), slug(), title(), detail);
    }
}
