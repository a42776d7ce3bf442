// Left alone: each iteration drains a stream the item already holds (the LOBs of one
// query result, the parts of one body). One source delivers them in turn.
const stream = require('stream');

function readStream(s) {
  return new Promise((resolve, reject) => {
    let data = '';
    s.on('error', reject);
    s.on('data', (chunk) => { data += chunk; });
    s.on('end', () => resolve(data));
  });
}

const readLob = function (s) {
  s.setEncoding('utf-8');
  return readStream(s);
};

async function readLobs(rows) {
  const lobs = [];
  for (let i = 0; i < rows.length; i++) {
    for (const key in rows[i]) if (rows[i][key] instanceof stream.Readable) lobs.push({ index: i, key, stream: rows[i][key] });
  }
  for (const lob of lobs) {
    rows[lob.index][lob.key] = await readLob(lob.stream);
  }
  return rows;
}

async function readByIndex(lobs) {
  const out = [];
  for (let i = 0; i < lobs.length; i++) out.push(await readStream(lobs[i].stream));
  return out;
}

module.exports = { readLobs, readByIndex };
