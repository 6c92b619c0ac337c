// typescript-to-lua plugin for the Lua build of the portable runtime (hosts/lua/build.mjs).
//
// What typescript-to-lua leaves out or maps to Lua's own semantics is routed here to our Lua
// module tinyml_js.lua (loaded by the bundle's header as the local `js`):
// - Math.fround, Math.imul, Math.clz32, Math.tanh, Math.log2: JavaScript's exact results (float32
//   rounding, int32 wrap, log2 exact on powers of two), as calls or as values (`const f = Math.fround`);
// - Array.from: Lua's lualib reads array-likes from index 1, our typed arrays start at 0;
// - new Array(n) (typescript-to-lua refuses it) and new Array(n).fill(v);
// - String.fromCodePoint (as UTF-8: Lua strings are bytes);
// - % as JavaScript's remainder (Lua's is floored, and errors on an integer 0);
// - Object.freeze (nothing to freeze: the runtime never writes a frozen object), Object.create,
//   Object.getPrototypeOf / setPrototypeOf (metatables) and `new.target` in a constructor (an object
//   whose `prototype` is the instance's metatable: errors.ts's keepClass), Object.defineProperty on a
//   function (nothing: Lua functions hold no fields).
// tostring (template strings, String(x), concatenation) and table.concat are tinyml_js.lua's, with
// JavaScript's number formatting. Numbers, strings or any used as truth values (||, &&, !,
// conditions) are refused with a build error: Lua takes 0, NaN and "" as true.
// The bitwise operators need nothing here: with luaTarget 5.2 typescript-to-lua calls
// bit32.band/bor/bxor/bnot/lshift/arshift/rshift, and the bundle's header binds `bit32` to
// tinyml_js.lua's int32 versions (JavaScript's ToInt32 on both operands, results wrapped to int32
// or uint32).
"use strict";
const ts = require("typescript");
const lua = require("typescript-to-lua");

const MATH = new Set(["fround", "imul", "clz32", "tanh", "log2"]);

function jsMember(name, node) {
  return lua.createTableIndexExpression(lua.createIdentifier("js"), lua.createStringLiteral(name), node);
}

/** `Math.<name>` or `Object.<name>`... with `owner` as the global's name, else undefined. */
function globalMember(expression, owner) {
  if (!ts.isPropertyAccessExpression(expression)) return undefined;
  if (!ts.isIdentifier(expression.expression) || expression.expression.text !== owner) return undefined;
  return expression.name.text;
}

const LOGICAL = new Set([ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarEqualsToken, ts.SyntaxKind.AmpersandAmpersandEqualsToken]);

function refuse(node, message) {
  const file = node.getSourceFile();
  return { file, start: node.getStart(file), length: node.getWidth(file), messageText: message, category: ts.DiagnosticCategory.Error, code: 0, source: "tinyml-lua" };
}

/**
 * Lua's `or`, `and`, `not` and conditions take 0, NaN and "" as true, JavaScript as false: a number
 * or string (or any) used as a truth value would silently change meaning, so the build refuses it
 * (compare explicitly: x !== 0, s !== "").
 */
function checkTruthiness(expression, context) {
  const type = context.checker.getTypeAtLocation(expression);
  const parts = type.isUnion() ? type.types : [type];
  const risky = ts.TypeFlags.NumberLike | ts.TypeFlags.StringLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.Any | ts.TypeFlags.Unknown;
  if (parts.some((t) => t.flags & risky)) {
    context.diagnostics.push(refuse(expression, `a ${context.checker.typeToString(type)} used as a truth value means something else in Lua (0, NaN and "" are true there): compare explicitly`));
  }
}

function isNewArrayOfLength(node) {
  return ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "Array" && node.arguments?.length === 1;
}

/** Calls keep typescript-to-lua's convention for functions typed as methods: a first `self` argument (nil). */
function callJs(name, args, node, context) {
  return lua.createCallExpression(jsMember(name, node), [lua.createNilLiteral(), ...args.map((a) => context.transformExpression(a))], node);
}

const GLOBALS = ["bit32", "ArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array"];
/** Binds tinyml_js.lua's values as locals of the bundle (upvalues of every module: no global lookups). */
const HEADER = `local js = require("tinyml_js")\nlocal ${GLOBALS.join(", ")} = ${GLOBALS.map((g) => `js.${g}`).join(", ")}\nlocal tostring, table = js.toString, js.table\n`;

/** @type {import("typescript-to-lua").Plugin} */
const plugin = {
  beforeEmit(_program, _options, _host, files) {
    for (const file of files) file.code = HEADER + file.code;
  },
  visitors: {
    [ts.SyntaxKind.CallExpression]: (node, context) => {
      // new Array(n).fill(v): lualib's fill stops at the table's length, which is 0 here.
      if (ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "fill" && node.arguments.length === 1 && isNewArrayOfLength(node.expression.expression)) {
        return callJs("arrayFilled", [node.expression.expression.arguments[0], node.arguments[0]], node, context);
      }
      const math = globalMember(node.expression, "Math");
      if (math !== undefined && MATH.has(math)) return callJs(math, node.arguments, node, context);
      const object = globalMember(node.expression, "Object");
      if (object === "freeze" && node.arguments.length === 1) return context.transformExpression(node.arguments[0]);
      if (object === "create") return callJs("objectCreate", node.arguments, node, context);
      if (object === "getPrototypeOf" || object === "setPrototypeOf") return callJs(object, node.arguments, node, context);
      // Object.defineProperty on a function (src/kernels/native's bindsNative gives native kernels'
      // faces their own `bind`): a Lua function holds no fields, and Lua has no native kernels, so
      // nothing to define (typescript-to-lua's `f.bind(...)` binds the face itself, which works).
      if (object === "defineProperty" && node.arguments.length === 3 && context.checker.getTypeAtLocation(node.arguments[0]).getCallSignatures().length > 0) {
        return callJs("defineFunctionProperty", node.arguments, node, context);
      }
      if (globalMember(node.expression, "String") === "fromCodePoint") return callJs("fromCodePoint", node.arguments, node, context);
      if (globalMember(node.expression, "Array") === "from") return callJs("arrayFrom", node.arguments, node, context);
      return context.superTransformExpression(node);
    },
    [ts.SyntaxKind.BinaryExpression]: (node, context) => {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.PercentToken) return callJs("mod", [node.left, node.right], node, context);
      if (op === ts.SyntaxKind.PercentEqualsToken) context.diagnostics.push(refuse(node, "%= is not mapped to JavaScript's remainder in the Lua build: write x = x % y"));
      if (LOGICAL.has(op)) checkTruthiness(node.left, context);
      return context.superTransformExpression(node);
    },
    [ts.SyntaxKind.PrefixUnaryExpression]: (node, context) => {
      if (node.operator === ts.SyntaxKind.ExclamationToken) checkTruthiness(node.operand, context);
      return context.superTransformExpression(node);
    },
    [ts.SyntaxKind.ConditionalExpression]: (node, context) => {
      checkTruthiness(node.condition, context);
      return context.superTransformExpression(node);
    },
    ...Object.fromEntries([ts.SyntaxKind.IfStatement, ts.SyntaxKind.WhileStatement, ts.SyntaxKind.DoStatement].map((kind) => [kind, (node, context) => {
      checkTruthiness(node.expression, context);
      return context.superTransformStatements(node);
    }])),
    [ts.SyntaxKind.ForStatement]: (node, context) => {
      if (node.condition !== undefined) checkTruthiness(node.condition, context);
      return context.superTransformStatements(node);
    },
    // new Array(n), every element assigned next: an empty table (Lua has no holes to preallocate).
    [ts.SyntaxKind.NewExpression]: (node, context) => {
      if (isNewArrayOfLength(node)) return lua.createTableExpression([], node);
      return context.superTransformExpression(node);
    },
    // new.target (in a constructor, where typescript-to-lua's instance is `self`).
    [ts.SyntaxKind.MetaProperty]: (node, context) => {
      if (node.keywordToken === ts.SyntaxKind.NewKeyword && node.name.text === "target") {
        return lua.createCallExpression(jsMember("newTarget", node), [lua.createNilLiteral(), lua.createIdentifier("self")], node);
      }
      return context.superTransformExpression(node);
    },
    [ts.SyntaxKind.PropertyAccessExpression]: (node, context) => {
      const math = globalMember(node, "Math");
      if (math !== undefined && MATH.has(math)) return jsMember(math, node);
      return context.superTransformExpression(node);
    },
  },
};

module.exports = plugin;
