import { Global, Module } from '@nestjs/common';
import { DeliveryOutbox } from './delivery-outbox';
import { DeliverySender } from './delivery-sender';
import { DeliveryWebController } from './delivery-web.controller';

/** SMS and e-mail delivery: any module queues through DeliveryOutbox; DeliverySender sends in every app process. */
@Global()
@Module({
  controllers: [DeliveryWebController],
  providers: [DeliveryOutbox, DeliverySender],
  exports: [DeliveryOutbox],
})
export class NotifyModule {}
