import {
  deliveryAttention,
  deliveryAttentionOutput,
  listDeliveries,
  listDeliveriesInput,
  listDeliveriesOutput,
  retryDelivery,
  retryDeliveryInput,
  retryDeliveryOutput,
} from '@stationdesk/services';
import { managerProcedure, router } from '../../trpc.ts';

/** The delivery log: what was sent to whom, what failed, and sending again (managers). */
export const deliveryRouter = router({
  list: managerProcedure.input(listDeliveriesInput).output(listDeliveriesOutput).query(({ ctx, input }) => listDeliveries(ctx.tenant, input)),
  attention: managerProcedure.output(deliveryAttentionOutput).query(({ ctx }) => deliveryAttention(ctx.tenant)),
  retry: managerProcedure.input(retryDeliveryInput).output(retryDeliveryOutput).mutation(({ ctx, input }) => retryDelivery(ctx.tenant, input)),
});
