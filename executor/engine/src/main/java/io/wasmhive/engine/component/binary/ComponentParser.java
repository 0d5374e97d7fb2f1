package io.wasmhive.engine.component.binary;

import io.wasmhive.engine.InvalidModuleException;
import io.wasmhive.engine.component.abi.StringEncoding;
import io.wasmhive.engine.component.abi.WitType.Primitive;
import io.wasmhive.engine.component.binary.TypeExpr.Declaration;
import io.wasmhive.engine.component.binary.TypeExpr.ExternDesc;
import io.wasmhive.engine.internal.BinaryReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes the component binary format (component-model {@code Binary.md}) into {@link Component}
 * definitions. Malformed input is reported with the section and offset where it went wrong; the
 * async, thread and value features, which no wasi-http 0.2 toolchain emits, are refused by name.
 */
public final class ComponentParser {

    private static final String WHAT = "component";
    private static final byte[] PREAMBLE = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
    private static final int MAX_NESTING = 16;

    private final byte[] bytes;

    private ComponentParser(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Component parse(byte[] bytes) {
        return new ComponentParser(bytes).component(0, bytes.length, 0);
    }

    private Component component(int start, int end, int depth) {
        if (depth > MAX_NESTING) {
            throw new InvalidModuleException("component at offset " + start + ": nested more than " + MAX_NESTING + " deep");
        }
        if (end - start < 8 || !Arrays.equals(bytes, start, start + 8, PREAMBLE, 0, 8)) {
            throw new InvalidModuleException("malformed component at offset " + start
                    + ": expected the component preamble 00 61 73 6d 0d 00 01 00");
        }
        var definitions = new ArrayList<Definition>();
        var in = new BinaryReader(bytes, start + 8, end, WHAT);
        while (in.hasMore()) {
            int sectionStart = in.position();
            int id = in.u8();
            int size = in.u32();
            int contentStart = in.position();
            if (Integer.toUnsignedLong(size) > end - contentStart) {
                throw in.malformed("section " + id + " (at offset " + sectionStart + ") claims " + Integer.toUnsignedString(size)
                        + " bytes, but only " + (end - contentStart) + " remain");
            }
            int contentEnd = contentStart + size;
            var section = new BinaryReader(bytes, contentStart, contentEnd, WHAT + " section " + id);
            switch (id) {
                case 0 -> section.seek(contentEnd); // custom
                case 1 -> {
                    definitions.add(new Definition.CoreModule(Arrays.copyOfRange(bytes, contentStart, contentEnd), contentStart));
                    section.seek(contentEnd);
                }
                case 2 -> vector(section, () -> definitions.add(coreInstance(section)));
                case 3 -> vector(section, () -> {
                    skipCoreType(section, 0);
                    definitions.add(new Definition.CoreType());
                });
                case 4 -> {
                    definitions.add(new Definition.NestedComponent(component(contentStart, contentEnd, depth + 1)));
                    section.seek(contentEnd);
                }
                case 5 -> vector(section, () -> definitions.add(instance(section)));
                case 6 -> vector(section, () -> definitions.add(alias(section)));
                case 7 -> vector(section, () -> definitions.add(new Definition.Type(type(section, 0))));
                case 8 -> vector(section, () -> definitions.add(canon(section)));
                case 9 -> throw section.unsupported("start sections (component values) are not supported");
                case 10 -> vector(section, () -> definitions.add(new Definition.Import(name(section), externDesc(section))));
                case 11 -> vector(section, () -> definitions.add(export(section)));
                case 12 -> throw section.unsupported("value sections are not supported");
                default -> throw in.malformed("unknown section id " + id + " at offset " + sectionStart);
            }
            if (section.hasMore()) {
                throw section.malformed("section " + id + " has " + (contentEnd - section.position()) + " bytes left over");
            }
            in.seek(contentEnd);
        }
        return new Component(definitions);
    }

    private static void vector(BinaryReader in, Runnable element) {
        int count = in.count();
        for (int i = 0; i < count; i++) {
            element.run();
        }
    }

    private static Definition coreInstance(BinaryReader in) {
        int kind = in.u8();
        return switch (kind) {
            case 0x00 -> {
                int module = in.u32();
                var args = new ArrayList<Definition.CoreInstantiate.Arg>();
                vector(in, () -> {
                    String name = string(in);
                    if (in.u8() != 0x12) {
                        throw in.malformed("core instantiate arguments must be instances");
                    }
                    args.add(new Definition.CoreInstantiate.Arg(name, in.u32()));
                });
                yield new Definition.CoreInstantiate(module, args);
            }
            case 0x01 -> {
                var exports = new ArrayList<Definition.CoreInlineInstance.Export>();
                vector(in, () -> {
                    String name = string(in);
                    Sort sort = Sort.core(in.u8(), in);
                    exports.add(new Definition.CoreInlineInstance.Export(name, sort, in.u32()));
                });
                yield new Definition.CoreInlineInstance(exports);
            }
            default -> throw in.malformed("unknown core instance kind 0x" + Integer.toHexString(kind));
        };
    }

    private static Definition instance(BinaryReader in) {
        int kind = in.u8();
        return switch (kind) {
            case 0x00 -> {
                int component = in.u32();
                var args = new ArrayList<Definition.Instantiate.Arg>();
                vector(in, () -> {
                    String name = string(in);
                    Sort sort = Sort.read(in);
                    args.add(new Definition.Instantiate.Arg(name, sort, in.u32()));
                });
                yield new Definition.Instantiate(component, args);
            }
            case 0x01 -> {
                var exports = new ArrayList<Definition.InlineInstance.Export>();
                vector(in, () -> {
                    String name = name(in);
                    Sort sort = Sort.read(in);
                    exports.add(new Definition.InlineInstance.Export(name, sort, in.u32()));
                });
                yield new Definition.InlineInstance(exports);
            }
            default -> throw in.malformed("unknown instance kind 0x" + Integer.toHexString(kind));
        };
    }

    private static Definition.Alias alias(BinaryReader in) {
        Sort sort = Sort.read(in);
        int kind = in.u8();
        return switch (kind) {
            case 0x00 -> new Definition.ExportAlias(sort, in.u32(), string(in));
            case 0x01 -> new Definition.CoreExportAlias(sort, in.u32(), string(in));
            case 0x02 -> new Definition.OuterAlias(sort, in.u32(), in.u32());
            default -> throw in.malformed("unknown alias kind 0x" + Integer.toHexString(kind));
        };
    }

    private static Definition canon(BinaryReader in) {
        int kind = in.u8();
        return switch (kind) {
            case 0x00 -> {
                expect(in, 0x00, "canon lift of a core function");
                int coreFunc = in.u32();
                var options = options(in);
                yield new Definition.Lift(coreFunc, options, in.u32());
            }
            case 0x01 -> {
                expect(in, 0x00, "canon lower of a function");
                int func = in.u32();
                yield new Definition.Lower(func, options(in));
            }
            case 0x02 -> new Definition.ResourceNew(in.u32());
            case 0x03 -> new Definition.ResourceDrop(in.u32());
            case 0x04 -> new Definition.ResourceRep(in.u32());
            default -> throw in.unsupported("canonical built-in 0x" + Integer.toHexString(kind)
                    + " (async, threads or error-context) is not supported; wasi-http 0.2 guests do not need it");
        };
    }

    private static CanonOptions options(BinaryReader in) {
        StringEncoding encoding = StringEncoding.UTF8;
        int memory = -1;
        int realloc = -1;
        int postReturn = -1;
        int count = in.count();
        for (int i = 0; i < count; i++) {
            int option = in.u8();
            switch (option) {
                case 0x00 -> encoding = StringEncoding.UTF8;
                case 0x01 -> encoding = StringEncoding.UTF16;
                case 0x02 -> encoding = StringEncoding.LATIN1_UTF16;
                case 0x03 -> memory = in.u32();
                case 0x04 -> realloc = in.u32();
                case 0x05 -> postReturn = in.u32();
                default -> throw in.unsupported("canonical option 0x" + Integer.toHexString(option)
                        + " (async or callback) is not supported");
            }
        }
        return new CanonOptions(encoding, memory, realloc, postReturn);
    }

    private static Definition export(BinaryReader in) {
        String name = name(in);
        Sort sort = Sort.read(in);
        int index = in.u32();
        if (in.u8() == 0x01) {
            externDesc(in); // the ascribed type; the definition's own type is what runs
        }
        return new Definition.Export(name, sort, index);
    }

    // ---- types ----

    private static TypeExpr type(BinaryReader in, int depth) {
        if (depth > MAX_NESTING) {
            throw in.unsupported("types nested more than " + MAX_NESTING + " deep");
        }
        int start = in.position();
        int code = in.u8();
        return switch (code) {
            case 0x40 -> funcType(in);
            case 0x41 -> new TypeExpr.ComponentT(declarations(in, true, depth + 1));
            case 0x42 -> new TypeExpr.InstanceT(declarations(in, false, depth + 1));
            case 0x3f -> {
                if (in.u8() != 0x7f) {
                    throw in.malformed("a resource's representation must be i32");
                }
                yield new TypeExpr.ResourceT(in.u8() == 0x01 ? in.u32() : -1);
            }
            case 0x43 -> throw in.unsupported("async function types are not supported");
            default -> {
                in.seek(start);
                yield defValType(in);
            }
        };
    }

    private static TypeExpr funcType(BinaryReader in) {
        var names = new ArrayList<String>();
        var params = new ArrayList<TypeExpr>();
        vector(in, () -> {
            names.add(string(in));
            params.add(valType(in));
        });
        TypeExpr result = null;
        int kind = in.u8();
        if (kind == 0x00) {
            result = valType(in);
        } else if (kind == 0x01) {
            int named = in.count(); // older binaries: a list of named results, at most one
            if (named > 1) {
                throw in.unsupported("functions with several named results are not supported");
            }
            if (named == 1) {
                string(in);
                result = valType(in);
            }
        } else {
            throw in.malformed("unknown result list kind 0x" + Integer.toHexString(kind));
        }
        return new TypeExpr.FuncT(names, params, result);
    }

    private static List<Declaration> declarations(BinaryReader in, boolean component, int depth) {
        var declarations = new ArrayList<Declaration>();
        vector(in, () -> {
            int kind = in.u8();
            declarations.add(switch (kind) {
                case 0x00 -> {
                    skipCoreType(in, 0);
                    yield new TypeExpr.CoreTypeDecl();
                }
                case 0x01 -> new TypeExpr.TypeDecl(type(in, depth));
                case 0x02 -> new TypeExpr.AliasDecl(alias(in));
                case 0x03 -> {
                    if (!component) {
                        throw in.malformed("an instance type cannot declare imports");
                    }
                    yield new TypeExpr.ImportDecl(name(in), externDesc(in));
                }
                case 0x04 -> new TypeExpr.ExportDecl(name(in), externDesc(in));
                default -> throw in.malformed("unknown declaration kind 0x" + Integer.toHexString(kind));
            });
        });
        return declarations;
    }

    private static ExternDesc externDesc(BinaryReader in) {
        int kind = in.u8();
        return switch (kind) {
            case 0x00 -> {
                expect(in, 0x11, "a core module extern type");
                yield new ExternDesc(Sort.CORE_MODULE, in.u32(), false);
            }
            case 0x01 -> new ExternDesc(Sort.FUNC, in.u32(), false);
            case 0x02 -> throw in.unsupported("value imports and exports are not supported");
            case 0x03 -> in.u8() == 0x00
                    ? new ExternDesc(Sort.TYPE, in.u32(), false)
                    : new ExternDesc(Sort.TYPE, -1, true);
            case 0x04 -> new ExternDesc(Sort.COMPONENT, in.u32(), false);
            case 0x05 -> new ExternDesc(Sort.INSTANCE, in.u32(), false);
            default -> throw in.malformed("unknown extern kind 0x" + Integer.toHexString(kind));
        };
    }

    private static TypeExpr defValType(BinaryReader in) {
        int code = in.u8();
        var primitive = primitive(code);
        if (primitive != null) {
            return new TypeExpr.Prim(primitive);
        }
        return switch (code) {
            case 0x72 -> {
                var labels = new ArrayList<String>();
                var fields = new ArrayList<TypeExpr>();
                vector(in, () -> {
                    labels.add(string(in));
                    fields.add(valType(in));
                });
                yield new TypeExpr.RecordT(labels, fields);
            }
            case 0x71 -> {
                var labels = new ArrayList<String>();
                var payloads = new ArrayList<TypeExpr>();
                vector(in, () -> {
                    labels.add(string(in));
                    payloads.add(in.u8() == 0x01 ? valType(in) : null);
                    if (in.u8() != 0x00) { // the former "refines" index
                        in.u32();
                    }
                });
                yield new TypeExpr.VariantT(labels, payloads);
            }
            case 0x70 -> new TypeExpr.ListT(valType(in));
            case 0x6f -> {
                var fields = new ArrayList<TypeExpr>();
                vector(in, () -> fields.add(valType(in)));
                yield new TypeExpr.TupleT(fields);
            }
            case 0x6e -> {
                var labels = labels(in);
                if (labels.isEmpty() || labels.size() > 32) {
                    throw in.malformed("flags must have 1 to 32 labels, not " + labels.size());
                }
                yield new TypeExpr.FlagsT(labels);
            }
            case 0x6d -> new TypeExpr.EnumT(labels(in));
            case 0x6b -> new TypeExpr.OptionT(valType(in));
            case 0x6a -> {
                TypeExpr ok = in.u8() == 0x01 ? valType(in) : null;
                TypeExpr error = in.u8() == 0x01 ? valType(in) : null;
                yield new TypeExpr.ResultT(ok, error);
            }
            case 0x69 -> new TypeExpr.OwnT(in.u32());
            case 0x68 -> new TypeExpr.BorrowT(in.u32());
            case 0x67, 0x66, 0x65, 0x64, 0x63 -> throw in.unsupported("value type 0x" + Integer.toHexString(code)
                    + " (fixed-length lists, streams, futures, error-context or maps) is not supported in 0.2 components");
            default -> throw in.malformed("unknown type 0x" + Integer.toHexString(code));
        };
    }

    private static TypeExpr valType(BinaryReader in) {
        long code = in.s33();
        if (code >= 0) {
            return new TypeExpr.Ref((int) code);
        }
        var primitive = primitive((int) (code & 0x7f));
        if (primitive == null) {
            throw in.malformed("value type 0x" + Long.toHexString(code & 0x7f) + " is not a primitive or a type index");
        }
        return new TypeExpr.Prim(primitive);
    }

    private static Primitive primitive(int code) {
        return switch (code) {
            case 0x7f -> Primitive.BOOL;
            case 0x7e -> Primitive.S8;
            case 0x7d -> Primitive.U8;
            case 0x7c -> Primitive.S16;
            case 0x7b -> Primitive.U16;
            case 0x7a -> Primitive.S32;
            case 0x79 -> Primitive.U32;
            case 0x78 -> Primitive.S64;
            case 0x77 -> Primitive.U64;
            case 0x76 -> Primitive.F32;
            case 0x75 -> Primitive.F64;
            case 0x74 -> Primitive.CHAR;
            case 0x73 -> Primitive.STRING;
            default -> null;
        };
    }

    /** Core types are validated by the core parser where they matter; here they are only walked. */
    private static void skipCoreType(BinaryReader in, int depth) {
        if (depth > MAX_NESTING) {
            throw in.unsupported("core types nested more than " + MAX_NESTING + " deep");
        }
        int code = in.u8();
        switch (code) {
            case 0x60 -> {
                vector(in, () -> skipCoreValType(in));
                vector(in, () -> skipCoreValType(in));
            }
            case 0x50 -> vector(in, () -> {
                int kind = in.u8();
                switch (kind) {
                    case 0x00 -> {
                        string(in);
                        string(in);
                        skipCoreExternType(in);
                    }
                    case 0x01 -> skipCoreType(in, depth + 1);
                    case 0x02 -> {
                        in.u8();
                        in.u8();
                        in.u32();
                        in.u32();
                    }
                    case 0x03 -> {
                        string(in);
                        skipCoreExternType(in);
                    }
                    default -> throw in.malformed("unknown module type declaration 0x" + Integer.toHexString(kind));
                }
            });
            default -> throw in.unsupported("core type 0x" + Integer.toHexString(code) + " (GC types) is not supported");
        }
    }

    private static void skipCoreExternType(BinaryReader in) {
        int kind = in.u8();
        switch (kind) {
            case 0x00 -> in.u32();
            case 0x01 -> {
                skipCoreValType(in);
                skipLimits(in);
            }
            case 0x02 -> skipLimits(in);
            case 0x03 -> {
                skipCoreValType(in);
                in.u8();
            }
            case 0x04 -> {
                in.u8();
                in.u32();
            }
            default -> throw in.malformed("unknown core extern type 0x" + Integer.toHexString(kind));
        }
    }

    private static void skipLimits(BinaryReader in) {
        int flags = in.u8();
        in.skipLeb();
        if ((flags & 0x01) != 0) {
            in.skipLeb();
        }
    }

    private static void skipCoreValType(BinaryReader in) {
        int code = in.u8();
        if (code == 0x63 || code == 0x64) {
            in.s33(); // (ref null? ht)
        }
    }

    private static List<String> labels(BinaryReader in) {
        var labels = new ArrayList<String>();
        vector(in, () -> labels.add(string(in)));
        return labels;
    }

    /** An import or export name, with its attributes (implements, version suffix) skipped. */
    private static String name(BinaryReader in) {
        int kind = in.u8();
        if (kind > 0x02) {
            throw in.malformed("unknown name kind 0x" + Integer.toHexString(kind));
        }
        String name = string(in);
        if (kind == 0x02) {
            vector(in, () -> {
                int attribute = in.u8();
                if (attribute > 0x02) {
                    throw in.malformed("unknown name attribute 0x" + Integer.toHexString(attribute));
                }
                string(in);
            });
        }
        return name;
    }

    private static String string(BinaryReader in) {
        int length = in.u32();
        return new String(in.bytes(length), StandardCharsets.UTF_8);
    }

    private static void expect(BinaryReader in, int expected, String what) {
        int actual = in.u8();
        if (actual != expected) {
            throw in.malformed(what + " must be encoded with 0x" + Integer.toHexString(expected) + ", not 0x"
                    + Integer.toHexString(actual));
        }
    }
}
