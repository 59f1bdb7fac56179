import { AssessmentErrorCode, AssessmentException } from './assessment.exception';

/**
 * The version a client last saw, from If-Match: "7", W/"7" or 7 (ETags here are the version). Writes
 * require it, so two people editing at once cannot silently overwrite each other.
 */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new AssessmentException(
      AssessmentErrorCode.PreconditionRequired,
      'Send If-Match with the version you last read (the ETag).',
    );
  }
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
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
