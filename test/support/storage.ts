import { openStorage, type Storage } from "../../pipeline/storage/database.js";

/** Opens the data directory's database for `read` alone and closes it again, as a later run would find it. */
export async function withStorage<T>(dataDir: string, read: (storage: Storage) => Promise<T>): Promise<T> {
  const storage = await openStorage(dataDir);
  try {
    return await read(storage);
  } finally {
    await storage.close();
  }
}
