// The generated Swift API (target/mobile/swift, written by bindings-mobile/build.sh): no Swift
// compiler exists on this project's machines, so the Swift bindings are not compiled or run here.
// What this checks is their surface — the declarations an app compiles against — against sources
// that are not the generated code: the core's JSON Schemas (every command and event is a case of
// `Command` / `Event`, every command field documented with its schema description), the core's
// error kinds (every kind, a subclass of the Kotlin exception, is a case of `KooperacjeError`), and
// the API the Kotlin tests exercise (the Model's methods, with dates as `Date` and `Day`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SWIFT = path.join(ROOT, 'target', 'mobile', 'swift');
const read = (name) => fs.readFileSync(path.join(SWIFT, name), 'utf8');
const api = read('Kooperacje.swift');
const types = read('KooperacjeTypes.swift');

const camel = (snake) => snake.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const upperCamel = (snake) => camel(snake).replace(/^./, (c) => c.toUpperCase());

/** The body of `public enum NAME` (up to its closing brace at the start of a line). */
function enumBody(source, name) {
  const start = source.search(new RegExp(`public\\s+(indirect\\s+)?enum ${name}\\b`));
  assert.ok(start >= 0, `no public enum ${name}`);
  const end = source.indexOf('\n}\n', start);
  return source.slice(start, end);
}

/** The `type` tags of a tagged union in one of the core's schemas. */
function tags(schemaFile, def) {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema', schemaFile), 'utf8'));
  const node = def ? schema.$defs[def] : schema;
  return node.oneOf.map((o) => o.properties.type.const);
}

test('both generated Swift files, their C headers and module maps exist', () => {
  for (const f of ['Kooperacje.swift', 'KooperacjeFFI.h', 'KooperacjeFFI.modulemap',
    'KooperacjeTypes.swift', 'KooperacjeTypesFFI.h', 'KooperacjeTypesFFI.modulemap']) {
    assert.ok(fs.existsSync(path.join(SWIFT, f)), f);
  }
  assert.match(read('KooperacjeFFI.modulemap'), /module KooperacjeFFI/);
});

test('every command of the core is a case of the Swift enum Command', () => {
  const body = enumBody(types, 'Command');
  const names = tags('commands.schema.json', 'Command');
  assert.ok(names.length > 50, `only ${names.length} commands in the schema`);
  const missing = names.filter((n) => !new RegExp(`\\bcase ${camel(n)}\\b`).test(body));
  assert.deepEqual(missing, []);
});

test('every event of the core is a case of the Swift enum Event', () => {
  const body = enumBody(types, 'Event');
  const names = tags('events.schema.json', 'Event');
  assert.ok(names.length > 50, `only ${names.length} events in the schema`);
  const missing = names.filter((n) => !new RegExp(`\\bcase ${camel(n)}\\b`).test(body));
  assert.deepEqual(missing, []);
});

test('every error kind of the core is a case of KooperacjeError, a Swift Error with code()', () => {
  // The Rust enum behind both languages is made from the core's one list of kinds
  // (kooperacje::for_each_error_kind!), so the subclasses of the generated Kotlin exception are
  // the core's kinds, checked by the JVM tests; each must be a case of the Swift error as well.
  const kotlin = path.join(ROOT, 'target', 'mobile', 'kotlin');
  const kt = fs.readdirSync(kotlin, { recursive: true })
    .filter((f) => f.endsWith('.kt'))
    .map((f) => fs.readFileSync(path.join(kotlin, f), 'utf8'))
    .find((text) => /sealed class KooperacjeException\b/.test(text));
  assert.ok(kt, 'no Kotlin KooperacjeException');
  const start = kt.search(/sealed class KooperacjeException\b/);
  const sealed = kt.slice(start, kt.indexOf('\n}\n', start));
  const kinds = [...sealed.matchAll(/^\s+class (\w+)\(/gm)].map((m) => m[1]);
  for (const kind of ['Invalid', 'NotFound', 'Conflict', 'Stage', 'Consent', 'Rule', 'Decode', 'Internal']) {
    assert.ok(kinds.includes(kind), `${kind} in ${kinds}`);
  }
  assert.match(api, /enum KooperacjeError: Swift\.Error\b/);
  const body = enumBody(api, 'KooperacjeError');
  for (const kind of kinds) {
    assert.match(body, new RegExp(`case ${kind}\\(\\s*(/\\*\\*[^]*?\\*/)?\\s*code: String`), kind);
  }
  for (const method of ['code', 'kind', 'area', 'messagePl', 'messageEn']) {
    assert.match(api, new RegExp(`public func ${method}\\(\\) -> String`), method);
  }
});

/** The cases of the Swift `Command`: name → its fields in order, name → `{ type, doc }`, where
 * `doc` is the text of the field's doc comment (whitespace collapsed), or '' without one. */
function commandCases() {
  const body = enumBody(types, 'Command');
  const cases = new Map();
  for (const [, name, list] of body.matchAll(/\n {4}case (\w+)\(([^]*?)\n? {4}\)\n/g)) {
    // The fields are separated by the commas outside brackets (`[String: String]` is one type).
    const parts = [''];
    let depth = 0;
    for (const c of list.replace(/\/\*\*[^]*?\*\//g, (doc) => doc.replaceAll(',', '\u0000'))) {
      if (c === '[' || c === '(') depth += 1;
      if (c === ']' || c === ')') depth -= 1;
      if (c === ',' && depth === 0) parts.push('');
      else parts[parts.length - 1] += c;
    }
    const fields = new Map();
    for (const part of parts) {
      const [, doc, field, type] = part.replaceAll('\u0000', ',')
        .match(/^\s*(?:\/\*\*([^]*?)\*\/)?\s*(\w+): ([^]+?)\s*$/);
      fields.set(field, { type, doc: (doc ?? '').replace(/^\s*\* ?/gm, '').replace(/\s+/g, ' ').trim() });
    }
    cases.set(name, fields);
  }
  return cases;
}

test('every field of every command carries its own description of the command schema', () => {
  // The Rust doc comment of each command field is its description in schema/commands.schema.json,
  // and uniffi writes it over the field: `title` is "The task (zadanie)." in addTask, not a goal's.
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema', 'commands.schema.json'), 'utf8'));
  const cases = commandCases();
  let checked = 0;
  for (const variant of schema.$defs.Command.oneOf) {
    const name = camel(variant.properties.type.const);
    const fields = cases.get(name);
    assert.ok(fields, `no case ${name} of Command`);
    for (const [field, node] of Object.entries(variant.properties)) {
      if (field === 'type') continue;
      const swift = fields.get(camel(field));
      assert.ok(swift, `${name}: no field ${camel(field)}`);
      assert.ok(node.description, `${name}.${field}: no description in the schema`);
      assert.equal(swift.doc, node.description.replace(/\s+/g, ' ').trim(), `${name}.${field}`);
      checked += 1;
    }
  }
  assert.ok(checked > 200, `${checked} fields`);
  assert.equal(cases.get('addTask').get('title').doc, 'The task (zadanie).');
  assert.equal(cases.get('addGoal').get('title').doc, 'The specific goal (cel szczegółowy).');
});

test('instants are Foundation Dates and calendar days ISO 8601 text', () => {
  assert.match(types, /public typealias Timestamp = Date\b/);
  assert.match(types, /public typealias Day = String\b/);
  const suspend = commandCases().get('suspendZzk');
  assert.deepEqual([...suspend].map(([name, f]) => `${name}: ${f.type}`),
    ['zzkId: ZzkId', 'ground: SuspensionGround', 'reviewOn: Day', 'details: NoteRef?', 'suspendedOn: Day?']);
  assert.match(types, /public struct CommandEnvelope\b[^]*?public let at: Timestamp/);
});

test('the Model class has the API the Kotlin tests exercise', () => {
  const signatures = [
    /open class Model\b/,
    /public convenience init\(\)/,
    /public static func fromEvents\(events: \[EventEnvelope\]\)\s*throws\s*-> Model/,
    /public static func fromJsonl\(jsonl: String\)\s*throws\s*-> Model/,
    /open func execute\(command: CommandEnvelope\)\s*throws\s*-> \[EventEnvelope\]/,
    /open func run\(at: Timestamp, actor: ActorId, command: Command\)\s*throws\s*-> \[EventEnvelope\]/,
    /open func decide\(command: CommandEnvelope\)\s*throws\s*-> \[EventEnvelope\]/,
    /open func apply\(events: \[EventEnvelope\]\)\s*throws\s*-> UInt64/,
    /open func applyJsonl\(jsonl: String\)\s*throws\s*-> UInt64/,
    /open func stateJson\(\)\s*throws\s*-> String/,
    /open func zzkStage\(id: ZzkId\)\s*throws\s*-> ZzkStage/,
    /open func indicators\(partnershipId: PartnershipId, asOf: Day\)\s*throws\s*-> Indicators/,
    /open func overdue\(asOf: Day\)\s*throws\s*-> \[OverdueItem\]/,
    /open func searchBasket\(partnershipId: PartnershipId, query: BasketQuery\)\s*throws\s*-> \[BasketHit\]/,
    /public protocol ScenarioDriver\b/,
    /public func runScenario\(scenarioJson: String, fixtures: \[String: String\], driver: ScenarioDriver\)\s*throws\s*-> ScenarioOutcome/,
    /public func label\(enumName: String, code: String, lang: Lang\)\s*throws\s*-> String/,
    /open func read\(viewerJson: String, subjectJson: String, at: Timestamp, personalJson: String\?, key: Data\?\)\s*throws\s*-> AccessRead/,
    /open func consentReceiptJson\(zzkId: ZzkId, consentId: ConsentId, issuedAt: Timestamp, personalJson: String\?, lang: Lang\)\s*throws\s*-> String/,
    /open func receiptForEventJson\(event: EventEnvelope, personalJson: String\?, lang: Lang\)\s*throws\s*-> String\?/,
    /public func pseudonym\(key: Data, kind: String, id: String\)\s*throws\s*-> String/,
    /public struct AccessRead\b[^]*?public let recordJson: String[^]*?public let viewJson: String\?[^]*?public let refusal: Refusal\?/,
    /public func basketExport\(model: Model, partnershipId: String, format: String\)\s*throws\s*-> Data/,
    /public func basketImport\(model: Model, partnershipId: String, data: Data, format: String, at: Timestamp, actor: String, reason: String\?\s*=\s*nil, skipInvalid: Bool\s*=\s*false\)\s*throws\s*-> BasketImportReport/,
    /public struct BasketImportReport\b[^]*?public let skipped: \[BasketRowError\][^]*?public let json: String/,
  ];
  const missing = signatures.filter((re) => !re.test(api)).map(String);
  assert.deepEqual(missing, []);
});

test('the labelled enums are Swift enums with every value of the catalogue', () => {
  const labels = fs.readFileSync(path.join(ROOT, 'core', 'src', 'zzk.rs'), 'utf8');
  const stages = [...labels.split('pub enum ZzkStage')[1].split('\n    }\n')[0].matchAll(/= "([a-z_]+)" =>/g)]
    .map((m) => m[1]);
  assert.ok(stages.length >= 8, stages.join(','));
  const body = enumBody(types, 'ZzkStage');
  for (const s of stages) assert.match(body, new RegExp(`case ${camel(s)}\\b`), s);
});
