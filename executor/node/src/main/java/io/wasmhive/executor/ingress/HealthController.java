package io.wasmhive.executor.ingress;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The reserved health path of the function port, outside every function's prefix. */
@RestController
class HealthController {

    @GetMapping("/.well-known/wasmhive/health")
    Map<String, String> health() {
        return Map.of("status", "ok");
    }
}
