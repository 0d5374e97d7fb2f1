package io.wasmhive.api.problem;

/** The uploaded module is larger than the tenant's maxModuleBytes. */
public final class ModuleTooLargeException extends ApiException {

    public ModuleTooLargeException(String detail) {
        super(ApiProblem.MODULE_TOO_LARGE, detail);
    }
}
