import { AppError } from '../errors';

/** A parse worker stopped from outside (its time limit, its memory cap): reading the file again would only repeat it. */
export class ReaderStopped extends AppError {}
