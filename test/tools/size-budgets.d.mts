export interface BudgetRow {
  label: string
  files: string[]
  budget: number
  follow?: boolean
}
export const budgets: BudgetRow[]
