/** The installment plan a customer chose for a card payment (SPEC S20), as the provider reports it. */

/** Number of monthly installments, with the provider's plan and issuing-bank codes when it gives them. */
export interface InstallmentPlan {
  numberOfInstallments: number;
  planCode: string | null;
  issuerCode: string | null;
}

/** The API/event shape of a plan (`installments` on the transaction resource), or null. */
export function installmentsResource(
  plan: InstallmentPlan | null,
): { number_of_installments: number; plan_code: string | null; issuer_code: string | null } | null {
  if (!plan) return null;
  return {
    number_of_installments: plan.numberOfInstallments,
    plan_code: plan.planCode,
    issuer_code: plan.issuerCode,
  };
}
