// The handle every stage uses to reach MongoDB: the official driver's client and database, whether
// it points at a real MongoDB or at the embedded server adrisk started itself.
import type { Db, MongoClient } from 'mongodb';

export interface Store {
  client: MongoClient;
  db: Db;
  /** The URI the client connected to (the embedded server's loopback URI when embedded). */
  uri: string;
  /** True when this process or a sibling started the embedded server for this data directory. */
  embedded: boolean;
  /** Closes the client, and stops the embedded server when this process started it. */
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** MongoDB URI; when absent the embedded server on `dataDir` is used. */
  uri?: string;
  /** Data directory of the embedded store. @default '.adrisk' */
  dataDir?: string;
  /** Database name. @default 'adrisk' (or the one named in the URI path) */
  dbName?: string;
}
