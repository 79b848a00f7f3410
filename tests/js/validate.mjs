// Validate JSON files with ajv (Draft 2020-12, ajv-formats) against a schema, the way a
// portal's front end would; prints {"file": true|false, ...} on standard output.
//   node validate.mjs SCHEMA FILE...
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemaPath, ...files] = process.argv.slice(2);
const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
const ajv = new Ajv2020({ allErrors: true });
// the schema's own annotations: the Chinese labels and the schema version
ajv.addKeyword("x-label-zh");
ajv.addKeyword("x-schema-version");
addFormats(ajv);
const validate = ajv.compile(schema);
const verdicts = {};
for (const file of files) {
  let data;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    verdicts[file] = null; // not JSON that JavaScript reads
    continue;
  }
  verdicts[file] = validate(data);
}
process.stdout.write(JSON.stringify(verdicts));
