export { extractQuotedText, type QuotedText } from './quotes';
