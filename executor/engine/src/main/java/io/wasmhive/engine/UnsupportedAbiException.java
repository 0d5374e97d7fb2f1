package io.wasmhive.engine;

/** The module is valid, but this engine cannot run its ABI yet. */
public final class UnsupportedAbiException extends EngineException {

    public UnsupportedAbiException(Abi abi) {
        super("this executor cannot run " + abi.id() + " functions yet");
    }
}
