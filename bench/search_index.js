// The search index two ways, on a published site: (B, what the site does) MiniSearch
// builds it in the browser from the compact documents of assets/search-index.js, or
// (A) the site would ship MiniSearch's serialised index and load it with loadJSON.
// Size of each file and time to get a searchable index (median of 7, V8 in Node.js,
// the engine Chromium runs).
//
//     node bench/search_index.js SITE_DIR     (bench/publish.py runs it on ModelArts)
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const site = process.argv[2];
const context = { document: { getElementById: () => null, body: { getAttribute: () => "" } } };
context.window = context;
vm.createContext(context);
for (const name of ["minisearch.min.js", "search-index.js", "search.js"]) {
  vm.runInContext(fs.readFileSync(path.join(site, "assets", name), "utf8"), context);
}
const MiniSearch = context.MiniSearch;
const options = context.DOCS2OPENAPI_TEXT.options;
const shipped = fs.readFileSync(path.join(site, "assets", "search-index.js"), "utf8");

function median(times) {
  const sorted = times.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
function timed(work) {
  const times = [];
  let result = null;
  for (let i = 0; i < 7; i++) {
    const start = process.hrtime.bigint();
    result = work();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return [median(times), result];
}

const [built, engine] = timed(() => {
  const docs = JSON.parse(shipped.slice(shipped.indexOf("{"), shipped.lastIndexOf("}") + 1)).docs;
  const index = new MiniSearch(options);
  index.addAll(docs.map((doc, i) => Object.assign(doc, { i: i })));
  return index;
});
const serialised = "window.DOCS2OPENAPI_SEARCH_INDEX = " + JSON.stringify(engine) + ";\n";
const [loaded] = timed(() => MiniSearch.loadJSON(
  serialised.slice(serialised.indexOf("{"), serialised.lastIndexOf("}") + 1), options));
const [query] = timed(() => engine.search("create training job", { prefix: true }));
console.log(JSON.stringify({
  documents: engine.documentCount,
  built_bytes: Buffer.byteLength(shipped), built_ms: Number(built.toFixed(1)),
  serialised_bytes: Buffer.byteLength(serialised), loaded_ms: Number(loaded.toFixed(1)),
  query_ms: Number(query.toFixed(2)),
}));
