package io.wasmhive.api;

import io.wasmhive.api.problem.BadRequestException;
import java.util.regex.Pattern;

/** Tenant and function names: they appear in URLs and host names, so they are kept plain. */
public final class Names {

    public static final Pattern PATTERN = Pattern.compile("^[a-z][a-z0-9-]{0,62}$");

    private Names() {}

    public static String requireValid(String kind, String name) {
        if (name == null || !PATTERN.matcher(name).matches()) {
            throw new BadRequestException("invalid " + kind + " name '" + name + "': use 1 to 63 characters"
                    + " of a-z, 0-9 and '-', starting with a letter (" + PATTERN.pattern() + ")");
        }
        return name;
    }
}
