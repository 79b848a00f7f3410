// The TypeScript types json-schema-to-typescript generates from a schema, on standard output.
//   node typescript.mjs SCHEMA
import { readFileSync } from "node:fs";
import { compile } from "json-schema-to-typescript";

const schema = JSON.parse(readFileSync(process.argv[2], "utf8"));
const ts = await compile(schema, "AnnualReport", { bannerComment: "", additionalProperties: false });
process.stdout.write(ts);
