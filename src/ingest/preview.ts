import type { EffectSink, EntryObserver, PaymentUpdate } from "../map/facts";
import { FileMapper } from "../map/file-mapper";
import type { FilePreview } from "../model/admin";
import { type BalanceRecord, continuityBreaks } from "../model/account-book";
import type { StoredTransaction } from "../model/contract";
import type { Effect } from "../model/effect";
import type { FileRecord } from "../model/file-record";
import { formatDecimal } from "../model/money";
import type { PaymentLedger } from "../model/payment";
import type { Profile, SourceMode } from "../model/profile";
import { FileError } from "../model/statement";
import { type Bucket, writeId } from "../store/bucket";
import { loadManifest } from "../store/manifest";
import { Publication } from "../store/publication";
import { ScratchBucket } from "../store/scratch-bucket";
import { describeCsvHead, LAYOUT_HEAD_BYTES } from "./csv-layout";
import type { InboxFile } from "./inbox";
import { twinOf } from "./ingest-file";
import { loadProfileSafely } from "./job";
import { FileReading } from "./read-file";
import { hasPublished, sourceMode } from "./source-mode";

/**
 * Events a preview maps at most: enough to see what a file does, few enough to answer at once,
 * and to hold in memory what its mapping stages (a statement entry's version is a few hundred bytes).
 */
export const PREVIEW_EVENTS = 10_000;
/** Transactions a preview shows as they would be served, by default and at most. */
export const DEFAULT_PREVIEW_TRANSACTIONS = 20;
export const MAX_PREVIEW_TRANSACTIONS = 1_000;
/** Items each other list of a preview keeps. */
const SAMPLE_SIZE = 100;

/** The file previewed, and where its bytes come from. */
export interface PreviewTarget {
  file: InboxFile;
  /** Its bytes: the stored file's, or a request's body streamed as it comes; null when it is gone. */
  open(): Promise<{ body: ReadableStream<Uint8Array>; etag: string } | null>;
}

export interface PreviewOptions {
  /** NEW_SOURCES, to say how the job would take the file. */
  newSources: SourceMode;
  /** The payments' observer over the ledger, as ingestion plugs it in (ingestion.ts). */
  observer?: ((ledger: PaymentLedger) => EntryObserver) | undefined;
  /** Transactions to show as they would be served. */
  transactions: number;
  /** A profile to preview with instead of the source's stored one (a layout being mapped, a change being tried). */
  profile?: Profile | undefined;
  maxEvents?: number | undefined;
  now?: () => number;
}

/**
 * What ingesting a file now would do, without doing it: its events are read (FileReading) and
 * mapped (FileMapper) as ingestion reads and maps them, and the effects applied to a publication
 * over a scratch bucket, which reads the published state and keeps whatever it writes in memory;
 * the publication is never committed, and is dropped with the answer. Nothing is written to R2.
 * Undefined when the stored file is gone.
 */
export async function previewFile(bucket: Bucket, target: PreviewTarget, options: PreviewOptions): Promise<FilePreview | undefined> {
  const { file } = target;
  const limit = options.maxEvents ?? PREVIEW_EVENTS;
  const [base, storedProfile] = await Promise.all([loadManifest(bucket), loadProfileSafely(bucket, file.source)]);
  const profileResult = options.profile ? { profile: options.profile } : storedProfile;
  const publication = await Publication.open(ScratchBucket.over(bucket), base, writeId());
  const profile = "profile" in profileResult ? profileResult.profile : undefined;
  // A stored profile that cannot be read fails the file, whatever mode it meant: nothing is held.
  const mode = "error" in profileResult ? "auto" : await sourceMode(bucket, file, profile, publication.files, options.newSources);
  const newSource = "profile" in profileResult && profile === undefined && !hasPublished(publication.files, file.source);
  const settled = new Sample<FilePreview["payments"]["items"][number]>();
  const payments = options.observer && watched(options.observer(publication.payments), settled);
  const sink = new PreviewSink(publication, options.transactions, new Date((options.now ?? Date.now)()).toISOString());
  const mapper = new FileMapper({ key: file.key, source: file.source, profile }, publication, sink, payments);
  const read = { complete: false, events: 0, bytes: 0, size: file.size, limit };
  const head = new HeadBytes();
  let outcome: Pick<FilePreview, "format" | "sha256" | "duplicateOf" | "failure"> & { disappeared?: FileRecord["disappeared"] } = {};
  if ("error" in profileResult) {
    outcome.failure = { reason: profileResult.error };
  } else {
    const mapped = await mapFile(target, profile, publication, mapper, read, head);
    if (!mapped) return undefined;
    outcome = mapped;
  }
  const { counts } = mapper;
  const csv = (outcome.format ?? profile?.format) === "csv";
  const layout = csv && head.length > 0 ? await describeCsvHead(head.bytes(), profile, file.source) : undefined;
  return {
    key: file.key,
    source: file.source,
    mode,
    newSource,
    format: outcome.format,
    profile: profile ?? null,
    candidateProfile: options.profile ? true : undefined,
    layout,
    read,
    sha256: outcome.sha256,
    duplicateOf: outcome.duplicateOf,
    failure: outcome.failure,
    counts,
    accounts: sink.accounts.view(),
    entries: {
      new: counts.published,
      changed: sink.changed.view(),
      alreadyKnown: counts.alreadyKnown,
      informational: counts.informational,
      duplicatesInFile: sink.duplicates.view(),
      disappeared: outcome.disappeared,
    },
    balances: sample([...sink.balances.values()]),
    continuity: {
      mismatches: mapper.mismatches,
      breaks: [...sink.stated].flatMap((id) => {
        const account = publication.account(id);
        return account ? continuityBreaks(account).filter((b) => b.file === file.key) : [];
      }),
    },
    beneficiaries: sink.beneficiaries.view(),
    payments: settled.view(),
    transactions: sink.transactions,
  };
}

/**
 * Reads the file's records into the mapper, up to the limit (`read` says how far it got); the
 * rest of what ingestion would find: the duplicate it is, what an earlier version held that it
 * does not. A FileError is the failure ingestion would record. Undefined: the file is gone.
 */
async function mapFile(target: PreviewTarget, profile: Profile | undefined, publication: Publication, mapper: FileMapper, read: FilePreview["read"], head: HeadBytes) {
  const { file } = target;
  let reading: FileReading | undefined;
  try {
    reading = await FileReading.open(countedBytes(target, read, head), file, profile);
    if (!reading) return undefined;
    const records = reading.records()[Symbol.asyncIterator]();
    let stoppedAt: number | undefined;
    let next = await records.next();
    while (!next.done && read.events < read.limit) {
      await mapper.mapRecord(next.value);
      read.events += next.value.length;
      // Where the last record mapped ends, for a format that can say: the bytes read, read-ahead aside.
      if (read.events >= read.limit) stoppedAt = reading.state()?.at?.offset;
      // Read even past the limit: a file of exactly `limit` events is complete.
      next = await records.next();
    }
    read.complete = next.done === true;
    if (!read.complete) read.bytes = stoppedAt ?? read.bytes;
    const sha256 = read.complete ? await reading.sha256() : undefined;
    if (read.complete && sha256 === undefined) return undefined;
    await mapper.finish();
    const previous = publication.files[file.key];
    const disappeared = read.complete && previous?.idsKey ? await publication.disappearedIds(previous.idsKey) : undefined;
    return { format: reading.format, sha256, duplicateOf: sha256 && twinOf(publication.files, file, sha256)?.key, disappeared };
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    return { format: reading?.format, failure: { line: error.line, reason: error.reason } };
  }
}

/**
 * The file as FileReading reads it from its start (it asks for nothing else), its bytes counted
 * as they stream by: how much of a file larger than the limit was read, where its format cannot
 * say where a record ends. Its first bytes are kept as they pass, to describe a CSV's layout
 * without reading the file (or a request's body, which streams once) a second time.
 */
function countedBytes(target: PreviewTarget, read: { bytes: number }, head: HeadBytes): Bucket {
  const get = async () => {
    const object = await target.open();
    if (!object) return null;
    const counter = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read.bytes += chunk.byteLength;
        head.keep(chunk);
        controller.enqueue(chunk);
      },
    });
    return { key: target.file.key, etag: object.etag, body: object.body.pipeThrough(counter) };
  };
  return { get } as unknown as Bucket;
}

/** The first LAYOUT_HEAD_BYTES of a stream, kept as its chunks pass. */
class HeadBytes {
  private readonly chunks: Uint8Array[] = [];
  length = 0;

  keep(chunk: Uint8Array): void {
    if (this.length >= LAYOUT_HEAD_BYTES) return;
    const part = chunk.subarray(0, LAYOUT_HEAD_BYTES - this.length);
    this.chunks.push(part.slice());
    this.length += part.byteLength;
  }

  bytes(): Uint8Array {
    const all = new Uint8Array(this.length);
    let at = 0;
    for (const chunk of this.chunks) {
      all.set(chunk, at);
      at += chunk.byteLength;
    }
    return all;
  }
}

type Sampled<T> = { count: number; items: T[] };

/** The first items of a list, and how many there are. */
class Sample<T> {
  private readonly items: T[] = [];
  private count = 0;

  add(item: T): void {
    if (this.items.length < SAMPLE_SIZE) this.items.push(item);
    this.count++;
  }

  view(): Sampled<T> {
    return { count: this.count, items: this.items };
  }
}

function sample<T>(items: T[]): Sampled<T> {
  return { count: items.length, items: items.slice(0, SAMPLE_SIZE) };
}

type Preview = FilePreview;
type Changed = Preview["entries"]["changed"]["items"][number];
type BalanceChange = Preview["balances"]["items"][number];

/** Applies mapping's effects to the scratch publication, noting what each one does to what is published. */
class PreviewSink implements EffectSink {
  readonly accounts = new Sample<Preview["accounts"]["items"][number]>();
  readonly beneficiaries = new Sample<Preview["beneficiaries"]["items"][number]>();
  readonly changed = new Sample<Changed>();
  readonly duplicates = new Sample<string>();
  readonly balances = new Map<string, BalanceChange>();
  readonly transactions: Preview["transactions"] = [];
  /** Accounts the file states a statement of, for its continuity with theirs. */
  readonly stated = new Set<string>();
  /** Ids the file states, to tell its numbered copies of an identical entry (bounded by the preview's limit). */
  private readonly ids = new Set<string>();

  constructor(
    private readonly publication: Publication,
    private readonly shown: number,
    private readonly updatedAt: string,
  ) {}

  async apply(effect: Effect): Promise<void> {
    switch (effect.type) {
      case "account": {
        const { id, name, currency, bank } = effect.account;
        this.accounts.add({ id, name, currency, bank });
        break;
      }
      case "beneficiary":
        this.beneficiaries.add({ id: effect.id, ownerName: effect.ownerName });
        break;
      case "version":
      case "restated":
        this.note(effect.id);
        if (effect.type === "version") await this.version(effect);
        break;
      case "balance": {
        const key = `${effect.accountId}\u0000${effect.currency}`;
        const { currency } = effect;
        const before = this.balances.has(key) ? this.balances.get(key)!.before : balanceOf(this.publication.account(effect.accountId)?.balances[currency], currency);
        this.balances.set(key, { accountId: effect.accountId, currency, before, after: balanceOf(effect.balance, currency) });
        break;
      }
      case "statement":
        this.stated.add(effect.accountId);
        break;
    }
    await this.publication.apply(effect);
  }

  /** The second and later copies of an identical entry are numbered after the first: `<id>:2`... (see map/ids.ts). */
  private note(id: string): void {
    const numbered = /^(.*):(\d+)$/.exec(id);
    if (numbered && Number(numbered[2]) >= 2 && this.ids.has(numbered[1]!)) this.duplicates.add(id);
    this.ids.add(id);
  }

  private async version(effect: Extract<Effect, { type: "version" }>): Promise<void> {
    const transaction = () => JSON.parse(effect.line) as StoredTransaction;
    if (this.transactions.length < this.shown) this.transactions.push({ updatedAt: this.updatedAt, ...transaction() });
    const known = await this.publication.version(effect.slot, effect.id);
    if (!known) return;
    const { version } = effect;
    const item: Changed = { id: effect.id, otherDetails: false };
    if (known.rank !== version.rank) item.status = { from: known.rank === 0 ? "PENDING" : "SUCCEEDED or FAILED", to: transaction().status };
    if (known.booked !== version.booked) item.booked = { from: known.booked.toString(), to: version.booked.toString() };
    if (known.type !== undefined && known.type !== version.type) item.type = { from: known.type, to: version.type ?? "" };
    item.otherDetails = !item.status && !item.booked && !item.type;
    this.changed.add(item);
  }
}

/** A balance record as a preview shows it. */
function balanceOf(balance: BalanceRecord | undefined, currency: string): BalanceChange["before"] {
  if (!balance) return undefined;
  const decimal = formatDecimal({ minor: BigInt(balance.minor), currency, exponent: balance.exponent });
  return { amount: balance.minor, decimal, date: balance.date, origin: balance.origin };
}

/**
 * The payments' observer, noting the payments an entry or a status report settles or fails; its
 * other calls go to the observer as they are.
 */
function watched(observer: EntryObserver, settled: Sample<Preview["payments"]["items"][number]>): EntryObserver {
  const note = (update: PaymentUpdate, entryId?: string) => settled.add({ paymentId: update.transaction.id, status: update.transaction.status, entryId });
  const settle: EntryObserver["settle"] = (entry, mapped, accountId) => {
    const settlement = observer.settle(entry, mapped, accountId);
    if (settlement?.kind === "update") note(settlement.update, mapped.id);
    return settlement;
  };
  const report: EntryObserver["report"] = (statusReport) => {
    const updates = observer.report(statusReport);
    for (const update of updates) note(update);
    return updates;
  };
  return new Proxy(observer, {
    get: (target, property) => {
      if (property === "settle") return settle;
      if (property === "report") return report;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
