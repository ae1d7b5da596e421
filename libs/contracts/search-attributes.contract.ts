import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Typed keys of the custom search attributes every case carries (see SEARCH_ATTRIBUTES for registration). */
export const searchAttributeKeys = {
  procedure: defineSearchAttributeKey('Procedure', SearchAttributeType.KEYWORD),
  orgId: defineSearchAttributeKey('OrgId', SearchAttributeType.KEYWORD),
  orgPath: defineSearchAttributeKey('OrgPath', SearchAttributeType.KEYWORD_LIST),
  stage: defineSearchAttributeKey('Stage', SearchAttributeType.KEYWORD),
  caseStatus: defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD),
  pendingBodies: defineSearchAttributeKey('PendingBodies', SearchAttributeType.KEYWORD_LIST),
  dueAt: defineSearchAttributeKey('DueAt', SearchAttributeType.DATETIME),
};
