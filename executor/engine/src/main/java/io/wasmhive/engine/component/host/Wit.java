package io.wasmhive.engine.component.host;

import io.wasmhive.engine.component.abi.FuncType;
import io.wasmhive.engine.component.abi.ResourceType;
import io.wasmhive.engine.component.abi.WitType;
import io.wasmhive.engine.component.abi.WitType.Primitive;
import io.wasmhive.engine.component.abi.WitType.VariantOf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the WIT the host implements, written as WIT text beside the code, into {@link WitType}s:
 * an interface's declarations ({@code use}, {@code resource}, {@code type}, {@code record},
 * {@code variant}, {@code enum}, {@code flags}) and function signatures ({@code func(...) -> ...},
 * with methods' {@code self} spelled out). A name is looked up among the interface's
 * declarations; a resource's name alone means {@code own}, as in WIT. Host resources are named
 * {@code interface/resource}, as the linker names the ones a component imports.
 */
final class Wit {

    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(->|[<>(){},;:=._]|[A-Za-z0-9-]+:[A-Za-z0-9-]+/[A-Za-z0-9-]+|[A-Za-z0-9-]+)");
    private static final Map<String, Primitive> PRIMITIVES =
            Arrays.stream(Primitive.values()).collect(Collectors.toMap(Primitive::toString, p -> p));

    private final String text;
    private final List<String> tokens = new ArrayList<>();
    private int next;
    /** What the interface declares so far: value types and resources by name. */
    private final Map<String, Object> names;

    private Wit(String text, Map<String, Object> names) {
        this.text = text;
        this.names = names;
        var matcher = TOKEN.matcher(text);
        int at = 0;
        while (matcher.find(at) && matcher.start() == at) {
            tokens.add(matcher.group(1));
            at = matcher.end();
        }
        if (!text.substring(at).isBlank()) {
            throw problem("cannot read " + text.substring(at).strip());
        }
    }

    /**
     * Adds the declarations in {@code text} to {@code names}, those of interface {@code interfaceName};
     * {@code declared} gives another interface's names, for {@code use}.
     */
    static void declare(String interfaceName, String text, Map<String, Object> names,
            Function<String, Map<String, Object>> declared) {
        var wit = new Wit(text, names);
        while (wit.next < wit.tokens.size()) {
            String keyword = wit.take();
            String name = wit.take();
            switch (keyword) {
                case "use" -> {
                    Map<String, Object> from = declared.apply(name);
                    wit.expect(".");
                    wit.expect("{");
                    for (String used : wit.labels()) {
                        names.put(used, wit.require(from.get(used), used));
                    }
                    wit.expect(";");
                }
                case "resource" -> {
                    names.put(name, ResourceType.host(interfaceName + "/" + name));
                    wit.expect(";");
                }
                case "type" -> {
                    wit.expect("=");
                    names.put(name, wit.aliased());
                    wit.expect(";");
                }
                default -> names.put(name, wit.body(keyword));
            }
        }
    }

    /** A function's type, from its signature, with the names of its interface. */
    static FuncType function(String signature, Map<String, Object> names) {
        var wit = new Wit(signature, names);
        wit.expect("func");
        wit.expect("(");
        var paramNames = new ArrayList<String>();
        var params = new ArrayList<WitType>();
        while (!wit.skip(")")) {
            paramNames.add(wit.take());
            wit.expect(":");
            params.add(wit.type());
            wit.skip(",");
        }
        WitType result = wit.skip("->") ? wit.type() : null;
        if (wit.next < wit.tokens.size()) {
            throw wit.problem("unexpected " + wit.tokens.get(wit.next));
        }
        return new FuncType(paramNames, params, result);
    }

    /** The right side of {@code type name = …}: a resource's name aliases the resource; anything else is a value type. */
    private Object aliased() {
        if (next < tokens.size() && names.get(tokens.get(next)) instanceof ResourceType resource) {
            next++;
            return resource;
        }
        return type();
    }

    /** A record, variant, enum or flags type, up to its closing brace. */
    private WitType body(String keyword) {
        return switch (keyword) {
            case "record" -> {
                expect("{");
                var labels = new ArrayList<String>();
                var fields = new ArrayList<WitType>();
                while (!skip("}")) {
                    labels.add(take());
                    expect(":");
                    fields.add(type());
                    skip(",");
                }
                yield new WitType.RecordOf(labels, fields);
            }
            case "variant" -> {
                expect("{");
                var labels = new ArrayList<String>();
                var payloads = new ArrayList<WitType>();
                while (!skip("}")) {
                    labels.add(take());
                    WitType payload = null;
                    if (skip("(")) {
                        payload = type();
                        expect(")");
                    }
                    payloads.add(payload);
                    skip(",");
                }
                yield new VariantOf(labels, payloads);
            }
            case "enum" -> {
                expect("{");
                yield VariantOf.enumOf(labels());
            }
            case "flags" -> {
                expect("{");
                yield new WitType.FlagsOf(labels());
            }
            default -> throw problem("unknown declaration " + keyword);
        };
    }

    private WitType type() {
        String name = take();
        Primitive primitive = PRIMITIVES.get(name);
        if (primitive != null) {
            return primitive;
        }
        return switch (name) {
            case "list" -> new WitType.ListOf(between());
            case "option" -> VariantOf.option(between());
            case "tuple" -> {
                expect("<");
                var fields = new ArrayList<WitType>();
                do {
                    fields.add(type());
                } while (skip(","));
                expect(">");
                yield WitType.RecordOf.tuple(fields);
            }
            case "result" -> {
                if (!skip("<")) {
                    yield VariantOf.result(null, null);
                }
                WitType ok = skip("_") ? null : type();
                WitType error = skip(",") ? type() : null;
                expect(">");
                yield VariantOf.result(ok, error);
            }
            case "own", "borrow" -> {
                expect("<");
                String resourceName = take();
                if (!(require(names.get(resourceName), resourceName) instanceof ResourceType resource)) {
                    throw problem(resourceName + " is not a resource");
                }
                expect(">");
                yield name.equals("own") ? new WitType.Own(resource) : new WitType.Borrow(resource);
            }
            default -> switch (require(names.get(name), name)) {
                case ResourceType resource -> new WitType.Own(resource);
                case WitType type -> type;
                default -> throw problem(name + " is not a type");
            };
        };
    }

    /** {@code <T>}. */
    private WitType between() {
        expect("<");
        WitType type = type();
        expect(">");
        return type;
    }

    /** Names up to the closing brace, separated by commas. */
    private List<String> labels() {
        var labels = new ArrayList<String>();
        while (!skip("}")) {
            labels.add(take());
            skip(",");
        }
        return labels;
    }

    private Object require(Object named, String name) {
        if (named == null) {
            throw problem(name + " is not declared");
        }
        return named;
    }

    private String take() {
        if (next >= tokens.size()) {
            throw problem("it ends too soon");
        }
        return tokens.get(next++);
    }

    private void expect(String token) {
        String found = take();
        if (!found.equals(token)) {
            throw problem("expected " + token + ", found " + found);
        }
    }

    private boolean skip(String token) {
        if (next < tokens.size() && tokens.get(next).equals(token)) {
            next++;
            return true;
        }
        return false;
    }

    private IllegalStateException problem(String problem) {
        return new IllegalStateException("the host's WIT: " + problem + " in: " + text.strip());
    }
}
