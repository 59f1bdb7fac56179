import { AssessmentErrorCode, AssessmentException } from './assessment.exception';

/**
 * The version a client last saw, from If-Match: "7" or 7 (ETags here are the version). Writes require it,
 * so two people editing at once cannot silently overwrite each other.
 */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new AssessmentException(
      AssessmentErrorCode.PreconditionRequired,
      'Send If-Match with the version you last read (the ETag).',
    );
  }
  // If-Match compares strongly (RFC 9110 §13.1.1): a weak tag never matches, so the precondition fails.
  if (/^\s*W\//.test(header)) {
    throw new AssessmentException(
      AssessmentErrorCode.StaleVersion,
      'If-Match compares strongly: a weak tag (W/"3") never matches; send the version as "3".',
    );
  }
  const match = /^\s*"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) {
    throw new AssessmentException(
      AssessmentErrorCode.BadPrecondition,
      'If-Match must be the assessment version, e.g. "3".',
      {
        errors: [{ pointer: '', detail: `If-Match "${header.slice(0, 40)}" is not a version` }],
      },
    );
  }
  return Number(match[1]);
}

export const etagOf = (version: number) => `"${version}"`;
