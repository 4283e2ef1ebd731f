import { notFound, parseOrThrow, type RegistryDb } from '../core/index.js';
import { type Product, ProductInputSchema } from './schemas.js';

/** Products of a workshop and their operations with planned run time per unit (PRU). */
export class ProductRepository {
  constructor(private readonly db: RegistryDb) {}

  /** Creates or replaces a product and all its operations. */
  async put(workshopId: string, input: unknown): Promise<Product> {
    const p = parseOrThrow(ProductInputSchema, input);
    const w = await this.db.selectFrom('workshops').select('id').where('id', '=', workshopId).executeTakeFirst();
    if (!w) throw notFound(`workshop "${workshopId}"`);
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('products')
        .values({ workshop_id: workshopId, id: p.id, name: p.name })
        .onConflict((oc) => oc.columns(['workshop_id', 'id']).doUpdateSet({ name: p.name }))
        .execute();
      await tx.deleteFrom('operations').where('workshop_id', '=', workshopId).where('product_id', '=', p.id).execute();
      if (p.operations.length > 0) {
        await tx
          .insertInto('operations')
          .values(
            p.operations.map((o) => ({
              workshop_id: workshopId,
              product_id: p.id,
              id: o.id,
              name: o.name,
              pru_s: o.pruS,
            })),
          )
          .execute();
      }
    });
    return p;
  }

  async list(workshopId: string): Promise<Product[]> {
    const products = await this.db
      .selectFrom('products')
      .selectAll()
      .where('workshop_id', '=', workshopId)
      .orderBy('id')
      .execute();
    const ops = await this.db
      .selectFrom('operations')
      .selectAll()
      .where('workshop_id', '=', workshopId)
      .orderBy('product_id')
      .orderBy('id')
      .execute();
    return products.map((p) => ({
      id: p.id,
      name: p.name,
      operations: ops
        .filter((o) => o.product_id === p.id)
        .map((o) => ({ id: o.id, name: o.name, pruS: Number(o.pru_s) })),
    }));
  }

  async remove(workshopId: string, productId: string): Promise<void> {
    const r = await this.db
      .deleteFrom('products')
      .where('workshop_id', '=', workshopId)
      .where('id', '=', productId)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound(`product "${productId}"`);
  }
}
