// The built-in region groups of the `regions` option, as ISO 3166-1 alpha-2 country codes and
// ISO 3166-2 subdivision codes. Space-separated to keep the core small. Review these lists when a
// country joins or leaves, or a US state passes or repeals a comprehensive privacy law.

/**
 * The 27 member states of the European Union (Greece is `GR` in ISO 3166-1).
 * Source: European Union, "EU countries", https://european-union.europa.eu/principles-countries-history/eu-countries_en
 */
const EU = 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'

/**
 * The European Economic Area: the EU plus Iceland, Liechtenstein and Norway (where the GDPR also
 * applies). Source: EFTA, "The Basic Features of the EEA Agreement", https://www.efta.int/eea/eea-agreement/eea-basic-features
 */
const EEA = `${EU} IS LI NO`

/**
 * US states with a comprehensive consumer privacy law enacted (opt-out of sale, sharing and
 * targeted advertising; most require honouring Global Privacy Control), including those not yet in
 * force: a state counts once its law is signed, so the list errs on the strict side.
 * California (CCPA/CPRA), Virginia, Colorado, Connecticut, Utah, Texas, Oregon, Montana, Iowa,
 * Delaware, New Hampshire, New Jersey, Nebraska, Tennessee, Minnesota, Maryland, Indiana, Kentucky,
 * Rhode Island. Source: IAPP, "US State Privacy Legislation Tracker",
 * https://iapp.org/resources/article/us-state-privacy-legislation-tracker/ (checked 2025).
 */
const US_STATES_WITH_LAW = 'CA VA CO CT UT TX OR MT IA DE NH NJ NE TN MN MD IN KY RI'
  .split(' ')
  .map((state) => `US-${state}`)
  .join(' ')

/** Group name → its members, most specific group first (EU before the EEA that contains it). */
export const REGION_GROUPS: Readonly<Record<string, readonly string[]>> = {
  EU: EU.split(' '),
  EEA: EEA.split(' '),
  'US-STATES-WITH-LAW': US_STATES_WITH_LAW.split(' '),
}
