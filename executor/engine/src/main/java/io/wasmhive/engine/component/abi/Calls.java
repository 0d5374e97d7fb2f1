package io.wasmhive.engine.component.abi;

import com.dylibso.chicory.runtime.WasmFunctionHandle;
import java.util.List;
import java.util.function.Supplier;

/**
 * The two directions of a component call: {@code canon lower} turns a host function into a core
 * function a guest can import; {@code canon lift} turns a guest's core export into a function the
 * host calls with Java values.
 */
public final class Calls {

    private Calls() {}

    /** A lifted guest function, called by the host. */
    @FunctionalInterface
    public interface Lifted {
        Object call(Object... args);
    }

    /**
     * The core function for {@code canon lower}. The context is looked up at each call, because the
     * memory it names may belong to an instance created after the lowering.
     */
    public static WasmFunctionHandle lower(FuncType type, Supplier<AbiContext> context, HostCall host) {
        boolean paramsInMemory = Layout.flatten(type.params()).size() > Layout.MAX_FLAT_PARAMS;
        int flatResults = Layout.flatten(type.results()).size();
        var paramTuple = paramsInMemory ? WitType.RecordOf.tuple(type.params()) : null;
        return (instance, args) -> {
            var cx = context.get();
            int lends = cx.resources().lendMark();
            try {
                Object[] values;
                if (paramsInMemory) {
                    values = (Object[]) CanonicalAbi.load(cx, (int) args[0], paramTuple);
                } else {
                    var reader = new CanonicalAbi.FlatReader(args, 0);
                    values = new Object[type.params().size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = CanonicalAbi.liftFlat(cx, reader, type.params().get(i));
                    }
                }
                Object result = host.call(values);
                if (type.result() == null) {
                    return null;
                }
                if (flatResults > Layout.MAX_FLAT_RESULTS) {
                    CanonicalAbi.store(cx, result, type.result(), (int) args[args.length - 1]);
                    return null;
                }
                var out = new CanonicalAbi.FlatWriter();
                CanonicalAbi.lowerFlat(cx, result, type.result(), out);
                return out.toArray();
            } finally {
                // the borrowed handles are the guest's again once the results are lowered, not before:
                // its realloc runs in between
                cx.resources().endLends(lends);
            }
        };
    }

    /** The host's view of {@code canon lift}: lowers the arguments, calls, lifts the result, runs post-return. */
    public static Lifted lift(FuncType type, Supplier<AbiContext> context, WasmFunctionHandle core,
            WasmFunctionHandle postReturn) {
        List<CoreType> flatParams = Layout.flatten(type.params());
        int flatResults = Layout.flatten(type.results()).size();
        var paramTuple = flatParams.size() > Layout.MAX_FLAT_PARAMS ? WitType.RecordOf.tuple(type.params()) : null;
        return args -> {
            var cx = context.get();
            long[] flat;
            if (flatParams.size() > Layout.MAX_FLAT_PARAMS) {
                int ptr = cx.allocate(Layout.alignment(paramTuple), Layout.size(paramTuple));
                CanonicalAbi.store(cx, args, paramTuple, ptr);
                flat = new long[] {Integer.toUnsignedLong(ptr)};
            } else {
                var out = new CanonicalAbi.FlatWriter();
                for (int i = 0; i < args.length; i++) {
                    CanonicalAbi.lowerFlat(cx, args[i], type.params().get(i), out);
                }
                flat = out.toArray();
            }
            long[] results = core.apply(null, flat);
            Object value = null;
            if (type.result() != null) {
                value = flatResults > Layout.MAX_FLAT_RESULTS
                        ? CanonicalAbi.load(cx, (int) results[0], type.result())
                        : CanonicalAbi.liftFlat(cx, new CanonicalAbi.FlatReader(results, 0), type.result());
            }
            if (postReturn != null) {
                postReturn.apply(null, results == null ? new long[0] : results);
            }
            return value;
        };
    }
}
