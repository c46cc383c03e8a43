import { analyze } from 'parallax';

const text =
  'The Karvenian defence ministry said on Tuesday that Vessany had moved artillery to the border. ' +
  'Vessany’s president, Ilse Marrow, called the claim “a fabrication of the Karvenian regime”.';

const analysis = analyze(
  { text, published: '2026-04-14', outlet: 'Meridian Wire' },
  { actors: [{ name: 'Karvenia', kind: 'state', demonyms: ['Karvenian'] }, { name: 'Vessany', kind: 'state' }] },
);

for (const f of analysis.findings) {
  if (f.kind === 'label' || f.kind === 'quote') {
    console.log(f.kind, JSON.stringify(f.evidence), f.message);
  }
}
