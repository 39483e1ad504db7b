/**
 * The sources conformance rows cite. Keys follow /work/shared/reference/aps-protocol.md §0 and
 * aps-round2.md §0; every row of the tables names one or more of them.
 */
export const SOURCES = {
  PFDOC_REDIRECTION:
    'PayFort API docs (mirror bhaskarndas/payfortdoc) docs/redirectionsparameters.md — Redirection request parameters',
  PFDOC_MAINTENANCE:
    'PayFort API docs (mirror bhaskarndas/payfortdoc) docs/maintenanceparameters.md — Capture/Void/Refund parameters',
  PFDOC_CHECK_STATUS: 'PayFort API docs (mirror bhaskarndas/payfortdoc) docs/incommon.md — Check Status',
  PFDOC_SIGNATURE: 'PayFort API docs (mirror bhaskarndas/payfortdoc) docs/incommon.md — Signature',
  PFDOC_CODES: 'PayFort API docs (mirror bhaskarndas/payfortdoc) docs/transactioncodes.md — messages',
  APS_HC_API: 'https://paymentservices.amazon.com/docs/api/accepting-payments/hosted-checkout',
  APS_SIG: 'https://paymentservices.amazon.com/docs/developer-resources/signature',
  APS_WH: 'https://paymentservices.amazon.com/docs/managing-payments/tracking-a-payment/webhooks',
  APS_TC: 'https://paymentservices.amazon.com/docs/developer-resources/test-cards',
  APS_HC_INT: 'https://paymentservices.amazon.com/docs/accepting-payments/hosted-checkout/integrate',
  PHP_SDK_OPTIONAL:
    'payfort/payfort-php-sdk src/AmazonPaymentServices/Model/PaymentTypeAdapter.php buildOptionalParameters',
  PHP_SDK_VOID: 'payfort/payfort-php-sdk Model/Maintenance/PaymentVoidAuthorizationModel.php (no amount)',
  NET_SDK_PURCHASE:
    'payfort/payfort-dotnet-sdk APS/APS.DotNetSDK/Commands/Requests/PurchaseRequestCommand.cs',
  NET_SDK_REFUND: 'payfort/payfort-dotnet-sdk APS/APS.DotNetSDK/Commands/Requests/RefundRequestCommand.cs',
  PHP_SDK_ISSUES_EXTRA:
    'payfort/payfort-php-sdk issues #11 and #13 (card fields on paymentPage → 00027 "Invalid extra parameters")',
  PHP_SDK_ISSUE_SIGNATURE: 'payfort/payfort-php-sdk issues #17 and #25 (00008 "Signature mismatch")',
  WOO: 'payfort/woocommerce-payfort lib/class-aps-payment.php, lib/class-aps-helper.php (official plugin)',
  ISO_4217: 'ISO 4217 (the docs: "currency … in ISO code 3"); payport src/domain/currency.ts list',
  PFDOC_MERCHANT_PAGE:
    'PayFort API docs (mirror bhaskarndas/payfortdoc) docs/merchantpageparameters.md — Merchant Page (TOKENIZATION) request and response',
  PFDOC_TOKENIZATION:
    'PayFort API docs (mirror bhaskarndas/payfortdoc) docs/tokenizationparameters.md — UPDATE_TOKEN request and response',
  PFDOC_RECURRING:
    'PayFort API docs (mirror bhaskarndas/payfortdoc) docs/recurring.md — recurring PURCHASE, eci=RECURRING',
  PFDOC_MERCHANT_PAGE_1:
    'PayFort API docs (mirror bhaskarndas/payfortdoc) docs/merchantpage1.md — 20064 and 3ds_url',
  PHP_SDK_TOKEN_CHARGE:
    'payfort/payfort-php-sdk PaymentTypeAdapter.php buildRequiredParameters (token_name + customer_ip on token charges)',
  WOO_TOKENS:
    'payfort/woocommerce-payfort lib/class-aps-payment.php (S2S charge after tokenization, delete_aps_token)',
  MAG2_MERCHANT_PAGE: 'payfort/magento2-payfort Helper/Data.php merchantPageNotifyFort, handleFortResponse',
  APS_HC_INT_IFRAME:
    'https://paymentservices.amazon.com/docs/accepting-payments/hosted-checkout/integrate (never iframe the Redirection page) and docs/EN/22a.html (the merchant page is)',
  S18: 'payport SPEC S18 (saved cards, recurring charges, the embedded card form)',
  S17: 'payport SPEC S17 (decisions where the APS sources disagree)',
  PFDOC_INSTALLMENTS:
    'PayFort API docs (mirror bhaskarndas/payfortdoc) docs/Installmentsparameters.md — Get Installments Plans API, Merchant Page 2.0 installments (installments=HOSTED)',
  SIM_DECISION: 'docs/simulator.md "Decisions" (APS silent; the simulator documents its choice)',
} as const;
