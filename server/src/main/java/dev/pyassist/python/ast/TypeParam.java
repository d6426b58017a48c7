// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** Sealed family of TypeParam nodes. */
public sealed interface TypeParam extends Node permits TypeVar, ParamSpec, TypeVarTuple {}
