// Imports the seed table in the page, answers a check, and sends a preference-center save to a
// ledger endpoint with navigator.sendBeacon.
import { createConsent } from '/dist/index.js'
import { canContact, createLedger, createLedgerSink, importTable, queryContactPoints } from '/dist/ledger/index.js'

const profile = {
  id: 'contoso',
  name: 'Contoso',
  purposes: [
    {
      id: 'commercial',
      name: 'Commercial',
      type: 'commercial',
      enforcement: 'non-restrictive',
      topics: [
        { id: 'newsletter', name: 'Newsletter', enforcement: 'restrictive' },
        { id: 'product-updates', name: 'Product updates', enforcement: 'restrictive' },
      ],
    },
    { id: 'transactional', name: 'Transactional', type: 'transactional', enforcement: 'disabled' },
  ],
}

const table = `Consent ID,Email,Consent option,Consent value
1,holly@contoso.com,Newsletter,False
2,holly@contoso.com,Product updates,True
3,frank@contoso.com,Newsletter,True
4,frank@contoso.com,Product updates,False
5,not-an-email,Newsletter,True
`

const ledger = createLedger({ profile })
const report = await importTable(ledger, table, { asOf: '2025-01-01T00:00:00Z' }) // the export's date: its rows have none
const consent = createConsent({
  categories: [
    { id: 'necessary', name: 'Necessary', enforcement: 'always' },
    { id: 'marketing', name: 'Marketing', enforcement: 'opt-in' },
  ],
  cookie: false,
})
const sink = createLedgerSink(consent, {
  url: 'https://collect.example.test/consent-ledger',
  subjects: { marketing: 'commercial' },
  contactPoint: 'ann@example.com',
})
consent.set({ marketing: true })
const delivered = await sink.flush()

const result = {
  report: { read: report.read, imported: report.imported, rejected: report.rejected, firstError: report.errors[0]?.message },
  newsletter: queryContactPoints(ledger, { option: 'Newsletter', value: true }),
  frank: canContact(ledger, { contactPoint: 'Frank@Contoso.com', channel: 'email', purpose: 'commercial', topic: 'Newsletter' }),
  sms: canContact(ledger, { contactPoint: '+1 555 0100', channel: 'sms', purpose: 'commercial' }),
  delivered,
  pending: sink.pending(),
}
window.ledgerResult = result
document.getElementById('out').textContent = JSON.stringify(result, null, 2)
