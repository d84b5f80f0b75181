/** A file in a remote folder, as a listing reports it. */
export interface EdiRemoteFile {
  /** The file name (no folder). */
  readonly name: string;
  /** Size in bytes. */
  readonly size: number;
  /** Last modification, ms since the epoch. */
  readonly modifiedMs: number;
}

/** Callbacks of {@link EdiTransport.upload}. */
export interface EdiUploadHooks {
  /** Runs after the temporary file is written, before the rename that makes it visible. */
  beforeRename?(): Promise<void>;
}

/**
 * How EDI files move between us and the trading partner. `createSftpTransport` implements it over
 * SFTP; implement it yourself for another transport (AS2, a VAN mailbox). Folders are the
 * transport's own settings: `upload` writes to the partner's inbound folder, `list`, `download`
 * and `archive` read the folder where the partner leaves its answers.
 */
export interface EdiTransport {
  /**
   * Puts a file where the partner reads it, atomically: the partner never sees it half-written
   * (written to a temporary name, then renamed). Replaces a leftover temporary file of the same
   * name. A file of that final name is never overwritten: returns false when one is already
   * there (another worker uploaded it), true when this call put it there. `beforeRename` runs
   * once the temporary file is written, just before the rename: until then no file of the final
   * name can have appeared, so a failure before it is safe to retry.
   */
  upload(name: string, content: string, hooks?: EdiUploadHooks): Promise<boolean>;
  /** Whether a file of that name is in the partner's inbound folder (sent, not yet taken), and whether its temporary upload is. */
  uploadState(name: string): Promise<{ readonly uploaded: boolean; readonly temporary: boolean }>;
  /** The files the partner left for us. */
  list(): Promise<EdiRemoteFile[]>;
  /** A file the partner left, as text (latin1: X12 is 7-bit). */
  download(name: string): Promise<string>;
  /** Moves a file we read out of the partner's folder (to an archive folder), so it is not listed again. */
  archive(name: string): Promise<void>;
  /** Closes connections. */
  close(): Promise<void>;
}
