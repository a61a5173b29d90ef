// Basket search: the core's `Basket::search` through the package, each hit with the id its
// service is stored under, so a page can link to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureCommands, loadPackage } from './helpers.mjs';

const k = loadPackage();

test('searchBasket returns the matching services with their ids, in id order', () => {
  const model = new k.Model();
  for (const command of fixtureCommands('operating_pzk')) model.execute(command);
  const basket = model.toJSON().partnerships['pzk-1'].basket.services;
  const ids = Object.keys(basket).sort();
  assert.ok(ids.length >= 2, 'the fixture has services to find');

  const all = model.searchBasket('pzk-1', { include_inactive: true });
  assert.deepEqual(all.map((h) => h.service_id), ids);
  for (const hit of all) assert.equal(hit.service.name, basket[hit.service_id].name);

  const [first] = ids;
  const word = basket[first].name.split(/\s+/)[0].toUpperCase();
  const found = model.searchBasket('pzk-1', { text: word, include_inactive: true });
  assert.ok(found.some((h) => h.service_id === first), `${word} finds ${first}`);
  for (const hit of found) {
    assert.ok(hit.service.name.toUpperCase().includes(word) || JSON.stringify(hit.service).toUpperCase().includes(word));
  }
  assert.deepEqual(model.searchBasket('pzk-1', { text: 'żadnatakausługa' }), []);
});
