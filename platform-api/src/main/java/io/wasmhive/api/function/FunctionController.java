package io.wasmhive.api.function;

import io.wasmhive.api.Names;
import io.wasmhive.api.auth.Caller;
import io.wasmhive.api.auth.TenantAccessible;
import io.wasmhive.api.problem.BadRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A tenant's functions: the tenant's own keys and the operator may use all of this. */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/functions")
@TenantAccessible
class FunctionController {

    private final FunctionService functions;
    private final TryItService tryIt;

    FunctionController(FunctionService functions, TryItService tryIt) {
        this.functions = functions;
        this.tryIt = tryIt;
    }

    @PutMapping(value = "/{name}", consumes = {"application/wasm", "application/octet-stream"})
    ResponseEntity<FunctionViews.Upload> upload(@PathVariable String tenant, @PathVariable String name,
            @RequestParam(defaultValue = "true") boolean deploy, HttpServletRequest request) throws IOException {
        Names.requireValid("function", name);
        byte[] bytes = ModuleUpload.read(request.getInputStream(), request.getContentLengthLong(),
                functions.maxModuleBytes(tenant));
        if (bytes.length == 0) {
            throw new BadRequestException("the request body is empty: send the module's bytes, for example with"
                    + " curl --data-binary @app.wasm");
        }
        var outcome = functions.upload(Caller.of(request), tenant, name, bytes, deploy);
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK).body(outcome.upload());
    }

    @GetMapping
    List<FunctionViews.Function> list(@PathVariable String tenant) {
        return functions.list(tenant);
    }

    @GetMapping("/{name}")
    FunctionViews.Function get(@PathVariable String tenant, @PathVariable String name) {
        return functions.get(tenant, name);
    }

    @PatchMapping("/{name}")
    FunctionViews.Function configure(@PathVariable String tenant, @PathVariable String name,
            @RequestBody FunctionRequests.ConfigPatch patch) {
        return functions.configure(tenant, name, patch);
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String tenant, @PathVariable String name) {
        functions.delete(tenant, name);
    }

    @GetMapping("/{name}/versions")
    List<FunctionViews.Version> versions(@PathVariable String tenant, @PathVariable String name) {
        return functions.versions(tenant, name);
    }

    @PostMapping("/{name}/deployments")
    FunctionViews.Deployment deploy(@PathVariable String tenant, @PathVariable String name,
            @RequestBody(required = false) FunctionRequests.Deploy request, HttpServletRequest http) {
        return functions.deploy(Caller.of(http), tenant, name, request);
    }

    /** Calls the function once through its public URL (the console's "try it" panel). */
    @PostMapping("/{name}/try")
    TryItService.Answer tryIt(@PathVariable String tenant, @PathVariable String name,
            @RequestBody TryItService.Request request) {
        functions.idOf(tenant, name);
        return tryIt.send(tenant, name, request);
    }

    @GetMapping("/{name}/deployments")
    List<FunctionViews.Deployment> deployments(@PathVariable String tenant, @PathVariable String name) {
        return functions.deployments(tenant, name);
    }
}
