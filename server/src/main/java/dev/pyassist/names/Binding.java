package dev.pyassist.names;

import dev.pyassist.python.ast.Node;
import java.util.ArrayList;
import java.util.List;

/** A name bound in a scope, as pyflakes models it (one class with a kind instead of its class hierarchy). */
final class Binding {
    enum Kind {
        BUILTIN, IMPORTATION, SUBMODULE_IMPORTATION, IMPORTATION_FROM, STAR_IMPORTATION, FUTURE_IMPORTATION,
        ARGUMENT, ASSIGNMENT, NAMED_EXPR_ASSIGNMENT, ANNOTATION, FUNCTION_DEFINITION, CLASS_DEFINITION, EXPORT,
        /** A plain binding: loop targets, tuple unpacking, type parameters, {@code type X = ...}. */
        BINDING
    }

    final Kind kind;
    final String name;
    /** The node pyflakes keeps as {@code source} (import statement, def, Name, except handler...); null for builtins. */
    final Node source;
    /** Range of the name itself, for findings. */
    final int start;
    final int end;
    /** Scope and node of the last use; null while unused. */
    Scope usedScope;
    Node usedNode;
    boolean used;
    // importations
    String fullName;
    String module;
    String realName;
    /** Import statement range and the alias node, for fixes. */
    Node alias;
    /** Nodes (and their ranges) in nested scopes that rebind this import. */
    List<int[]> redefined;
    List<Node> redefinedNodes;
    // __all__
    List<String> exportNames;
    List<int[]> exportRanges;

    Binding(Kind kind, String name, Node source, int start, int end) {
        this.kind = kind;
        this.name = name;
        this.source = source;
        this.start = start;
        this.end = end;
    }

    void use(Scope scope, Node node) {
        used = true;
        usedScope = scope;
        usedNode = node;
    }

    void copyUse(Binding other) {
        used = other.used;
        usedScope = other.usedScope;
        usedNode = other.usedNode;
    }

    boolean isImportation() {
        return kind == Kind.IMPORTATION || kind == Kind.SUBMODULE_IMPORTATION || kind == Kind.IMPORTATION_FROM
                || kind == Kind.STAR_IMPORTATION || kind == Kind.FUTURE_IMPORTATION;
    }

    boolean isDefinition() {
        return isImportation() || kind == Kind.BUILTIN || kind == Kind.FUNCTION_DEFINITION
                || kind == Kind.CLASS_DEFINITION;
    }

    boolean isAssignment() {
        return kind == Kind.ASSIGNMENT || kind == Kind.NAMED_EXPR_ASSIGNMENT;
    }

    /** pyflakes' {@code redefines}: whether binding this over {@code other} counts as a redefinition. */
    boolean redefines(Binding other) {
        switch (kind) {
            case ANNOTATION:
                return false;
            case SUBMODULE_IMPORTATION:
                if (other.isImportation()) {
                    return fullName.equals(other.fullName);
                }
                return importationRedefines(other);
            case IMPORTATION:
            case IMPORTATION_FROM:
            case STAR_IMPORTATION:
            case FUTURE_IMPORTATION:
                return importationRedefines(other);
            case FUNCTION_DEFINITION:
            case CLASS_DEFINITION:
            case BUILTIN:
                // pyflakes 4.1: a def or class also redefines a plain assignment ('x = 1' then 'def x(): ...')
                return (other.isDefinition() || other.isAssignment()) && name.equals(other.name);
            default:
                return other.isDefinition() && name.equals(other.name);
        }
    }

    private boolean importationRedefines(Binding other) {
        if (other.kind == Kind.SUBMODULE_IMPORTATION) {
            return fullName.equals(other.fullName);
        }
        return other.isDefinition() && name.equals(other.name);
    }

    private int hasAlias = -1;

    /** pyflakes' {@code _has_alias}. */
    boolean hasAlias() {
        if (hasAlias < 0) {
            int dot = fullName.lastIndexOf('.');
            hasAlias = fullName.substring(dot + 1).equals(name) ? 0 : 1;
        }
        return hasAlias == 1;
    }

    void addRedefined(Node node, int s, int e) {
        if (redefined == null) {
            redefined = new ArrayList<>();
            redefinedNodes = new ArrayList<>();
        }
        redefined.add(new int[] {s, e});
        redefinedNodes.add(node);
    }

    /** What pyflakes prints for an import ({@code str(binding)}). */
    String display() {
        switch (kind) {
            case IMPORTATION:
                return hasAlias() ? fullName + " as " + name : fullName;
            case SUBMODULE_IMPORTATION:
                return fullName;
            case IMPORTATION_FROM:
            case FUTURE_IMPORTATION:
                return realName.equals(name) ? fullName : fullName + " as " + name;
            case STAR_IMPORTATION:
                return fullName.endsWith(".") ? "from " + fullName + " import *" : name;
            default:
                return name;
        }
    }
}
