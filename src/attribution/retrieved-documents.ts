import type { RetrievedDocument } from '../model/span.js';

/** One document seen twice (a retriever's result and a reranker's): by ID when both have one, else by content. */
export function sameDocument(left: RetrievedDocument, right: RetrievedDocument): boolean {
  return left.id !== null && right.id !== null ? left.id === right.id : left.content === right.content;
}

/** How a report names a document: its ID, or the start of its content. */
export function documentName(document: RetrievedDocument): string {
  return document.id ?? `"${document.content.slice(0, 40)}…"`;
}
