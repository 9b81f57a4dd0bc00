// The core script-tag file (dist/consentry.core.min.js): the public core API on `window.Consentry`,
// the add-on registry, and the declarative start from the page's JSON configuration. Adapters,
// integrations and the widget come as add-on files that join it in any load order.
import * as core from '../index.js'
import { installGlobal } from './registry.js'
import { declarativeStart, notStarted, type StartApi } from './start-from-json.js'

// Only known while this file's own code runs, so read first.
const script = document.currentScript
const mine = { version: __VERSION__, ...core, adapters: {} }
// A second core keeps the first global, which has started already.
if (installGlobal(mine) === mine) declarativeStart(mine as unknown as StartApi, script)
else notStarted(script)
