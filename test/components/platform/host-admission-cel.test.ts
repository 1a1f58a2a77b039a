/**
 * The tenant-host admission policy decides in CEL, which only the API server runs; here a tiny evaluator of
 * the CEL its expressions use (field selection, `has`, `all`, `==`, `+`, `&&`, `||`, `!`, `endsWith`) runs
 * the policy's own expressions over sample Ingresses. A tenant owns `<ns>.<suffix>` and every name below
 * it, on a label boundary: `evilacme.<suffix>` and `xacme.<suffix>` are not acme's.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hostAdmissionObjects } from "../../../components/platform/ingress-spec.js";

type Value = unknown;
type Node =
  | { k: "str"; v: string }
  | { k: "id"; name: string }
  | { k: "sel"; of: Node; field: string }
  | { k: "call"; name: string; target?: Node; args: Node[] }
  | { k: "bin"; op: string; a: Node; b: Node }
  | { k: "not"; a: Node };

const MISSING = Symbol("missing");

function tokenize(src: string): string[] {
  const out: string[] = [];
  const re = /\s*('(?:[^'\\]|\\.)*'|==|\|\||&&|[A-Za-z_][A-Za-z0-9_]*|[().,!+])/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < src.length && (m = re.exec(src))) out.push(m[1]);
  assert.equal(out.join("").length, src.replace(/\s+/g, "").length, `tokenized all of: ${src}`);
  return out;
}

function parse(src: string): Node {
  const t = tokenize(src);
  let i = 0;
  const peek = () => t[i];
  const eat = (s?: string) => {
    const x = t[i++];
    if (s !== undefined) assert.equal(x, s, `expected ${s} in ${src}`);
    return x;
  };
  const args = (): Node[] => {
    const list: Node[] = [];
    eat("(");
    while (peek() !== ")") {
      list.push(or());
      if (peek() === ",") eat(",");
    }
    eat(")");
    return list;
  };
  const primary = (): Node => {
    const x = eat();
    if (x === "(") {
      const e = or();
      eat(")");
      return e;
    }
    if (x.startsWith("'")) return { k: "str", v: x.slice(1, -1).replace(/\\(.)/g, "$1") };
    if (peek() === "(") return { k: "call", name: x, args: args() };
    return { k: "id", name: x };
  };
  const postfix = (): Node => {
    let n = primary();
    while (peek() === ".") {
      eat(".");
      const name = eat();
      n = peek() === "(" ? { k: "call", name, target: n, args: args() } : { k: "sel", of: n, field: name };
    }
    return n;
  };
  const add = (): Node => {
    let n = postfix();
    while (peek() === "+") n = { k: "bin", op: eat(), a: n, b: postfix() };
    return n;
  };
  const cmp = (): Node => {
    const n = add();
    return peek() === "==" ? { k: "bin", op: eat(), a: n, b: add() } : n;
  };
  const unary = (): Node => (peek() === "!" ? (eat(), { k: "not", a: unary() }) : cmp());
  const and = (): Node => {
    let n = unary();
    while (peek() === "&&") n = { k: "bin", op: eat(), a: n, b: unary() };
    return n;
  };
  const or = (): Node => {
    let n = and();
    while (peek() === "||") n = { k: "bin", op: eat(), a: n, b: and() };
    return n;
  };
  const e = or();
  assert.equal(i, t.length, `parsed all of: ${src}`);
  return e;
}

function evaluate(n: Node, env: Record<string, Value>): Value {
  switch (n.k) {
    case "str":
      return n.v;
    case "id":
      assert.ok(n.name in env, `unknown variable ${n.name}`);
      return env[n.name];
    case "sel": {
      const of = evaluate(n.of, env);
      if (of === MISSING || typeof of !== "object" || of === null || !(n.field in of)) return MISSING;
      return (of as Record<string, Value>)[n.field];
    }
    case "not":
      return !(evaluate(n.a, env) as boolean);
    case "bin": {
      if (n.op === "||") return evaluate(n.a, env) || evaluate(n.b, env);
      if (n.op === "&&") return (evaluate(n.a, env) as boolean) && evaluate(n.b, env);
      const [a, b] = [evaluate(n.a, env), evaluate(n.b, env)];
      assert.ok(a !== MISSING && b !== MISSING, "no such key");
      if (n.op === "+") return (a as string) + (b as string);
      return a === b;
    }
    case "call": {
      if (n.name === "has" && !n.target) return evaluate(n.args[0], env) !== MISSING;
      const target = evaluate(n.target!, env);
      assert.ok(target !== MISSING, `no such key for ${n.name}`);
      if (n.name === "endsWith") return (target as string).endsWith(evaluate(n.args[0], env) as string);
      if (n.name === "all") {
        const v = (n.args[0] as { name: string }).name;
        return (target as Value[]).every((x) => evaluate(n.args[1], { ...env, [v]: x }) as boolean);
      }
      return assert.fail(`unknown function ${n.name}`);
    }
  }
}

const SUFFIX = "aws-eu-west-1.example.com";
const { policy } = hostAdmissionObjects(SUFFIX, {});
const validations = (policy.spec as { validations: { expression: string }[] }).validations;

/** Whether the policy admits an Ingress in namespace `ns`: every validation true. */
function admits(ns: string, spec: Record<string, unknown>): boolean {
  const env = { object: { spec }, namespaceObject: { metadata: { name: ns } } };
  return validations.every((v) => evaluate(parse(v.expression), env) === true);
}
const rule = (host: string) => ({ rules: [{ host }] });
const tls = (host: string) => ({ rules: [{ host: `acme.${SUFFIX}` }], tls: [{ hosts: [host] }] });

describe("the tenant-host admission policy, evaluated", () => {
  const own = [`acme.${SUFFIX}`, `www.acme.${SUFFIX}`, `a.b.acme.${SUFFIX}`];
  const others = [
    `evilacme.${SUFFIX}`,
    `xacme.${SUFFIX}`,
    `www.evilacme.${SUFFIX}`,
    `beta.${SUFFIX}`,
    `acme.${SUFFIX}.attacker.net`,
    `acme.other-region.example.com`,
    SUFFIX,
    "example.com",
  ];
  for (const host of own) {
    it(`admits acme's own ${host}, in rules and TLS`, () => {
      assert.equal(admits("acme", rule(host)), true);
      assert.equal(admits("acme", tls(host)), true);
    });
  }
  for (const host of others) {
    it(`refuses ${host} to acme, in rules and TLS`, () => {
      assert.equal(admits("acme", rule(host)), false);
      assert.equal(admits("acme", tls(host)), false);
    });
  }
  it("refuses a rule without a host, a default backend and another class", () => {
    assert.equal(admits("acme", { rules: [{}] }), false);
    assert.equal(admits("acme", { ...rule(`acme.${SUFFIX}`), defaultBackend: {} }), false);
    assert.equal(admits("acme", { ...rule(`acme.${SUFFIX}`), ingressClassName: "nginx" }), false);
    assert.equal(admits("acme", { ...rule(`acme.${SUFFIX}`), ingressClassName: "cloudtier" }), true);
  });
});
